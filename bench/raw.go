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

	"vinhdanh/internal/enum"
	"vinhdanh/internal/honorroll"
	"vinhdanh/internal/period"
)

// raw is the baseline the product is measured against: a plain handler over database/sql and
// encoding/json answering the widget's honor-roll query (first page, optional school year)
// with one statement on the same tables and indexes, and the same JSON the GraphQL API sends.
type raw struct {
	db    *sql.DB
	short *sql.Stmt // rolls of up to honorroll.ManyUnits units: ids through the recipient indexes
	long  *sql.Stmt // larger rolls: read in roll_key order
}

// rawSelect finds the page's ids first, so the database can walk the roll_key index or sort
// the roll's few rows without the joins, then joins what the widget shows.
const rawSelect = `SELECT a.id, a.recipient_name, a.recipient_unit, a.period_kind, a.period_start_year, a.period_end_year,
	a.roll_key, l.id, l.name, l.rank, d.number, d.signed_on, i.name, c.name, c.held_on
FROM (SELECT a.id FROM awards a %s
	WHERE a.public = TRUE AND a.revoked_at IS NULL %s
	  AND (? = 0 OR (a.period_start_year = ? AND a.period_kind = 'SCHOOL_YEAR'))
	ORDER BY a.roll_key, a.id LIMIT ?) page
JOIN awards a ON a.id = page.id
JOIN award_levels l ON l.id = a.level_id
LEFT JOIN decisions d ON d.id = a.decision_id
LEFT JOIN collectives i ON i.id = d.issuer_id
LEFT JOIN ceremonies c ON c.id = a.ceremony_id
ORDER BY a.roll_key, a.id`

func newRaw(ctx context.Context, db *sql.DB) (*raw, error) {
	// Every branch starts from an index: the unit's own awards, its units' awards through
	// tree_paths, and the awards of people posted in either.
	shortJoin := `JOIN (
		SELECT a1.id FROM awards a1 WHERE a1.collective_id = ?
		UNION SELECT a1.id FROM tree_paths t JOIN awards a1 ON a1.collective_id = t.descendant_id WHERE t.ancestor_id = ?
		UNION SELECT ra.id FROM positions rp JOIN awards ra ON ra.individual_id = rp.individual_id WHERE rp.collective_id = ?
		UNION SELECT ra.id FROM tree_paths t JOIN positions rp ON rp.collective_id = t.descendant_id
			JOIN awards ra ON ra.individual_id = rp.individual_id WHERE t.ancestor_id = ?) r ON r.id = a.id`
	longWhere := `AND ((a.collective_id + 0) = ? OR (a.collective_id + 0) IN (SELECT descendant_id FROM tree_paths WHERE ancestor_id = ?)
		OR (a.individual_id + 0) IN (SELECT individual_id FROM positions WHERE collective_id = ?
			OR collective_id IN (SELECT descendant_id FROM tree_paths WHERE ancestor_id = ?)))`
	short, err := db.PrepareContext(ctx, fmt.Sprintf(rawSelect, shortJoin, ""))
	if err != nil {
		return nil, fmt.Errorf("prepare the short roll: %w", err)
	}
	long, err := db.PrepareContext(ctx, fmt.Sprintf(rawSelect, "", longWhere))
	if err != nil {
		return nil, fmt.Errorf("prepare the long roll: %w", err)
	}
	return &raw{db: db, short: short, long: long}, nil
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
		Period        *string `json:"period"`
		Level         struct {
			ID   string `json:"id"`
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
	stmt := h.short
	if units > honorroll.ManyUnits {
		stmt = h.long
	}
	rows, err := stmt.QueryContext(r.Context(), unit, unit, unit, unit, year, year, first+1)
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
			name, levelName, rollKey          string
			unitName, number, issuer, cerName sql.NullString
			kind                              sql.NullString
			start, end                        sql.NullInt64
			signed, held                      sql.NullTime
		)
		if err := rows.Scan(&id, &name, &unitName, &kind, &start, &end, &rollKey, &levelID, &levelName, &rank,
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
			e.Node.Period = period.Label(&k, &s, &f)
		}
		e.Node.Level.ID, e.Node.Level.Name, e.Node.Level.Rank = strconv.Itoa(levelID), levelName, rank
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
