package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect"

	"vinhdanh/internal/enum"
	"vinhdanh/internal/honorroll"
	"vinhdanh/internal/period"
)

// raw is the baseline the product is measured against: a plain handler over database/sql and
// encoding/json answering the widget's honor-roll query (first page, optional school year)
// with one statement on the same tables and indexes, and the same JSON the GraphQL API sends.
type raw struct {
	db *sql.DB
	// A school year's roll is one range of listed_awards. Without a year, rolls of up to
	// honorroll.ManyUnits units find the page inside the recipient indexes; larger rolls are
	// read in roll_key order.
	listedYear, short, long *sql.Stmt
}

// rawSelect finds the page's ids first, then joins what the widget shows.
const rawSelect = `SELECT a.id, a.recipient_name, a.recipient_unit, a.period_kind, a.period_start_year, a.period_end_year,
	a.roll_key, l.id, l.code, l.name, l.rank, d.number, d.signed_on, i.name, c.name, c.held_on
FROM (%s) page
JOIN awards a ON a.id = page.id
JOIN award_levels l ON l.id = a.level_id
LEFT JOIN decisions d ON d.id = a.decision_id
LEFT JOIN collectives i ON i.id = d.issuer_id
LEFT JOIN ceremonies c ON c.id = a.ceremony_id
ORDER BY a.roll_key, a.id`

// The page of a school year's roll: the unit's entries of the year in listed_awards, in roll
// order from its index, as the product reads them.
const rawListedPage = `SELECT award_id AS id FROM listed_awards
	WHERE collective_id = ? AND period_start_year = ? AND period_kind = 'SCHOOL_YEAR' AND period_end_year = ?
	ORDER BY roll_key, award_id LIMIT ?`

// The page of a short roll: the units' own awards and the awards of people posted there (filed
// by unit in posted_awards), each found and filtered inside its index, ordered by roll_key.
//
// The units are joined as a derived table: MariaDB runs "IN (SELECT … UNION SELECT …)" once
// per award of the table. A person posted in two of the units is filed under both: SQLite
// removes the twins while it sorts (%[1]s), MariaDB inside the posted branch (%[2]s), as the
// product does.
const rawShortPage = `SELECT %[1]s r.roll_key, r.id FROM (
	SELECT o.id, o.roll_key FROM (SELECT ? AS id UNION SELECT descendant_id FROM tree_paths WHERE ancestor_id = ?) u
	JOIN awards o ON o.collective_id = u.id
	WHERE o.public = TRUE AND o.revoked_at IS NULL
	UNION ALL
	SELECT %[2]s p.award_id, p.roll_key FROM (SELECT ? AS id UNION SELECT descendant_id FROM tree_paths WHERE ancestor_id = ?) u
	JOIN posted_awards p ON p.collective_id = u.id
) r ORDER BY r.roll_key, r.id LIMIT ?`

// The page of a long roll: the roll_key index walked in order, each award checked, until
// the page is full. The recipient columns are wrapped so that no engine prefers their indexes.
const rawLongPage = `SELECT a.id FROM awards a
	WHERE a.public = TRUE AND a.revoked_at IS NULL
	  AND ((a.collective_id + 0) = ? OR (a.collective_id + 0) IN (SELECT descendant_id FROM tree_paths WHERE ancestor_id = ?)
		OR (a.individual_id + 0) IN (SELECT individual_id FROM positions WHERE collective_id = ?
			OR collective_id IN (SELECT descendant_id FROM tree_paths WHERE ancestor_id = ?)))
	ORDER BY a.roll_key, a.id LIMIT ?`

func newRaw(ctx context.Context, db *sql.DB, d string) (*raw, error) {
	r := &raw{db: db}
	sorted, inBranch := "DISTINCT", ""
	if d == dialect.MySQL {
		sorted, inBranch = "", "DISTINCT"
	}
	for _, st := range []struct {
		into **sql.Stmt
		page string
	}{
		{&r.listedYear, rawListedPage},
		{&r.short, fmt.Sprintf(rawShortPage, sorted, inBranch)},
		{&r.long, rawLongPage},
	} {
		stmt, err := db.PrepareContext(ctx, fmt.Sprintf(rawSelect, st.page))
		if err != nil {
			return nil, fmt.Errorf("prepare a roll statement: %w", err)
		}
		*st.into = stmt
	}
	return r, nil
}

// args are a roll statement's arguments in order.
func (h *raw) statement(unit, units, year, first int) (*sql.Stmt, []any) {
	switch {
	case year != 0:
		return h.listedYear, []any{unit, year, year + 1, first + 1}
	case units > honorroll.ManyUnits:
		return h.long, []any{unit, unit, unit, unit, first + 1}
	}
	return h.short, []any{unit, unit, unit, unit, first + 1}
}

type rawRoll struct {
	Data struct {
		HonorRoll struct {
			PageInfo struct {
				HasNextPage bool    `json:"hasNextPage"`
				EndCursor   *string `json:"endCursor"`
			} `json:"pageInfo"`
			Edges []rawEdge `json:"edges"`
		} `json:"honorRoll"`
	} `json:"data"`
}

type rawEdge struct {
	Node struct {
		ID            string  `json:"id"`
		RecipientName string  `json:"recipientName"`
		RecipientUnit string  `json:"recipientUnit"`
		PeriodName    *string `json:"periodName"`
		Level         struct {
			ID   string `json:"id"`
			Code string `json:"code"`
			Name string `json:"name"`
			Rank int    `json:"rank"`
		} `json:"level"`
		Decision *struct {
			Number   string  `json:"number"`
			SignedOn *string `json:"signedOn"`
			Issuer   struct {
				Name string `json:"name"`
			} `json:"issuer"`
		} `json:"decision"`
		Ceremony *struct {
			Name   string  `json:"name"`
			HeldOn *string `json:"heldOn"`
		} `json:"ceremony"`
	} `json:"node"`
}

// ServeHTTP answers GET /roll?c=ID&first=N[&year=2022][&units=N], units being the subtree's
// size the product would see (the plan choice costs the raw handler nothing either).
func (h *raw) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	unit, _ := strconv.Atoi(q.Get("c"))
	first, _ := strconv.Atoi(q.Get("first"))
	year, _ := strconv.Atoi(q.Get("year"))
	units, _ := strconv.Atoi(q.Get("units"))
	stmt, args := h.statement(unit, units, year, first)
	rows, err := stmt.QueryContext(r.Context(), args...)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	var out rawRoll
	out.Data.HonorRoll.Edges = []rawEdge{}
	var last struct {
		id  int
		key string
	}
	for rows.Next() {
		var (
			e                                 rawEdge
			id, levelID, rank                 int
			name, levelName, rollKey, code    string
			unitName, number, issuer, cerName sql.NullString
			kind                              sql.NullString
			start, end                        sql.NullInt64
			signed, held                      sql.NullTime
		)
		if err := rows.Scan(&id, &name, &unitName, &kind, &start, &end, &rollKey, &levelID, &code, &levelName, &rank,
			&number, &signed, &issuer, &cerName, &held); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		if len(out.Data.HonorRoll.Edges) == first {
			out.Data.HonorRoll.PageInfo.HasNextPage = true
			break
		}
		e.Node.ID, e.Node.RecipientName = strconv.Itoa(id), name
		e.Node.RecipientUnit = unitName.String // an optional text reads "" when unset, as ent gives it
		if kind.Valid {
			k, s, f := enum.PeriodKind(kind.String), int(start.Int64), int(end.Int64)
			e.Node.PeriodName = period.NameOf(&k, &s, &f)
		}
		e.Node.Level.ID, e.Node.Level.Code, e.Node.Level.Name, e.Node.Level.Rank = strconv.Itoa(levelID), code, levelName, rank
		if number.Valid {
			e.Node.Decision = &struct {
				Number   string  `json:"number"`
				SignedOn *string `json:"signedOn"`
				Issuer   struct {
					Name string `json:"name"`
				} `json:"issuer"`
			}{Number: number.String, SignedOn: date(signed)}
			e.Node.Decision.Issuer.Name = issuer.String
		}
		if cerName.Valid {
			e.Node.Ceremony = &struct {
				Name   string  `json:"name"`
				HeldOn *string `json:"heldOn"`
			}{Name: cerName.String, HeldOn: date(held)}
		}
		out.Data.HonorRoll.Edges = append(out.Data.HonorRoll.Edges, e)
		last.id, last.key = id, rollKey
	}
	if len(out.Data.HonorRoll.Edges) > 0 {
		var b strings.Builder
		// The product orders by a list of fields, so its cursor's value is a list.
		entgql.Cursor[int]{ID: last.id, Value: []any{last.key}}.MarshalGQL(&b)
		cursor, _ := strconv.Unquote(b.String())
		out.Data.HonorRoll.PageInfo.EndCursor = &cursor
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

func date(t sql.NullTime) *string {
	if !t.Valid {
		return nil
	}
	s := t.Time.UTC().Format(time.DateOnly)
	return &s
}
