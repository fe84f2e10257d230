package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"vinhdanh/internal/enum"
	"vinhdanh/internal/honorroll"
	"vinhdanh/internal/period"
	"vinhdanh/internal/textfold"
)

// The raw baseline of the other reads: what a plain handler does for the same answer, one
// statement each (two for the review queue: its page, then the page's events), with the
// visibility an anonymous caller has (public awards). It checks no token: the product's
// sign-in check is part of what the product costs.
const (
	rawHistory = `SELECT p.full_name, a.id, a.period_kind, a.period_start_year, a.period_end_year, l.name, l.rank,
	d.number, d.signed_on, i.name
FROM individuals p
LEFT JOIN awards a ON a.individual_id = p.id AND a.public = TRUE
LEFT JOIN award_levels l ON l.id = a.level_id
LEFT JOIN decisions d ON d.id = a.decision_id
LEFT JOIN collectives i ON i.id = d.issuer_id
WHERE p.id = ? ORDER BY a.id LIMIT 20`
	rawPeople = `SELECT p.id, p.full_name, x.id, l.name, d.number
FROM (SELECT id, full_name FROM individuals ORDER BY id LIMIT 20) p
LEFT JOIN (SELECT a.id, a.individual_id, a.level_id, a.decision_id,
		ROW_NUMBER() OVER (PARTITION BY a.individual_id ORDER BY a.id) rn
	FROM awards a JOIN (SELECT id FROM individuals ORDER BY id LIMIT 20) q ON q.id = a.individual_id
	WHERE a.public = TRUE) x ON x.individual_id = p.id AND x.rn <= 5
LEFT JOIN award_levels l ON l.id = x.level_id
LEFT JOIN decisions d ON d.id = x.decision_id
ORDER BY p.id, x.id`
	rawQueue = `SELECT n.id, n.status, n.achievements, p.full_name, l.name
FROM nominations n LEFT JOIN individuals p ON p.id = n.individual_id JOIN award_levels l ON l.id = n.level_id
WHERE n.status = 'SUBMITTED' AND n.reviewer_id = ? ORDER BY n.id LIMIT 21`
	rawCount = `SELECT l.name, a.recipient_kind, COUNT(*)
FROM awards a JOIN award_levels l ON l.id = a.level_id
WHERE a.public = TRUE AND a.revoked_at IS NULL AND %s
GROUP BY l.id, l.name, l.rank, l.code, a.recipient_kind
ORDER BY l.rank DESC, l.code, a.recipient_kind`
	// A unit's awards: for a few units, the ids through the two recipient indexes, joined;
	// for thousands, every award read from the covering index with its recipient checked.
	rawUnderFew = `a.id IN (SELECT u.id FROM (
		SELECT o.id FROM (SELECT ? AS id UNION SELECT descendant_id FROM tree_paths WHERE ancestor_id = ?) s
			JOIN awards o ON o.collective_id = s.id
		UNION ALL
		SELECT p.id FROM (SELECT DISTINCT rp.individual_id FROM (SELECT ? AS id UNION SELECT descendant_id FROM tree_paths WHERE ancestor_id = ?) s
			JOIN positions rp ON rp.collective_id = s.id) v JOIN awards p ON p.individual_id = v.individual_id) u)`
	rawUnderMany = `((a.collective_id + 0) = ? OR (a.collective_id + 0) IN (SELECT descendant_id FROM tree_paths WHERE ancestor_id = ?)
	OR (a.individual_id + 0) IN (SELECT individual_id FROM positions WHERE collective_id = ?
		OR collective_id IN (SELECT descendant_id FROM tree_paths WHERE ancestor_id = ?)))`
	rawSearch = `SELECT 'Individual', i.id, i.full_name FROM search_terms t1
	JOIN search_terms t2 ON t2.individual_id = t1.individual_id JOIN individuals i ON i.id = t1.individual_id
	WHERE t1.term >= ? AND t1.term < ? AND t2.term >= ? AND t2.term < ?
UNION ALL SELECT 'Collective', c.id, c.name FROM search_terms t1
	JOIN search_terms t2 ON t2.collective_id = t1.collective_id JOIN collectives c ON c.id = t1.collective_id
	WHERE t1.term >= ? AND t1.term < ? AND t2.term >= ? AND t2.term < ?
LIMIT 20`
)

// reads are the raw handlers' prepared statements.
type reads struct {
	history, people, queue, tally, search *sql.Stmt
	statsFew, statsMany                   *sql.Stmt
	db                                    *sql.DB
}

func newReads(ctx context.Context, db *sql.DB) (*reads, error) {
	r := &reads{db: db}
	for _, s := range []struct {
		into **sql.Stmt
		sql  string
	}{
		{&r.history, rawHistory}, {&r.people, rawPeople}, {&r.queue, rawQueue},
		{&r.tally, fmt.Sprintf(rawCount, "a.ceremony_id = ?")},
		{&r.statsFew, fmt.Sprintf(rawCount, rawUnderFew)}, {&r.statsMany, fmt.Sprintf(rawCount, rawUnderMany)},
		{&r.search, rawSearch},
	} {
		stmt, err := db.PrepareContext(ctx, s.sql)
		if err != nil {
			return nil, fmt.Errorf("prepare %.40q: %w", s.sql, err)
		}
		*s.into = stmt
	}
	return r, nil
}

func (r *reads) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /history", r.serveHistory)
	mux.HandleFunc("GET /people", r.servePeople)
	mux.HandleFunc("GET /queue", r.serveQueue)
	mux.HandleFunc("GET /tally", r.serveTally)
	mux.HandleFunc("GET /stats", r.serveStats)
	mux.HandleFunc("GET /search", r.serveSearch)
}

func reply(w http.ResponseWriter, data any, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"data": data})
}

type obj = map[string]any

func (r *reads) serveHistory(w http.ResponseWriter, req *http.Request) {
	id, _ := strconv.Atoi(req.URL.Query().Get("id"))
	rows, err := r.history.QueryContext(req.Context(), id)
	if err != nil {
		reply(w, nil, err)
		return
	}
	defer rows.Close()
	var name string
	edges := []obj{}
	for rows.Next() {
		var (
			awardID, start, end, rank sql.NullInt64
			kind, level, number, iss  sql.NullString
			signed                    sql.NullTime
		)
		if err := rows.Scan(&name, &awardID, &kind, &start, &end, &level, &rank, &number, &signed, &iss); err != nil {
			reply(w, nil, err)
			return
		}
		if !awardID.Valid {
			continue
		}
		node := obj{"id": strconv.FormatInt(awardID.Int64, 10), "period": nil, "level": obj{"name": level.String, "rank": rank.Int64}, "decision": nil}
		if kind.Valid {
			k, s, e := enum.PeriodKind(kind.String), int(start.Int64), int(end.Int64)
			node["period"] = period.Label(&k, &s, &e)
		}
		if number.Valid {
			node["decision"] = obj{"number": number.String, "signedOn": date(signed), "issuer": obj{"name": iss.String}}
		}
		edges = append(edges, obj{"node": node})
	}
	reply(w, obj{"node": obj{"fullName": name, "awards": obj{"edges": edges}}}, rows.Err())
}

func (r *reads) servePeople(w http.ResponseWriter, req *http.Request) {
	rows, err := r.people.QueryContext(req.Context())
	if err != nil {
		reply(w, nil, err)
		return
	}
	defer rows.Close()
	people := []obj{}
	var last int64
	for rows.Next() {
		var (
			id            int64
			name          string
			awardID       sql.NullInt64
			level, number sql.NullString
		)
		if err := rows.Scan(&id, &name, &awardID, &level, &number); err != nil {
			reply(w, nil, err)
			return
		}
		if id != last || len(people) == 0 {
			people = append(people, obj{"node": obj{"id": strconv.FormatInt(id, 10), "fullName": name, "awards": obj{"edges": []obj{}}}})
			last = id
		}
		if awardID.Valid {
			awards := people[len(people)-1]["node"].(obj)["awards"].(obj)
			var decision any
			if number.Valid {
				decision = obj{"number": number.String}
			}
			awards["edges"] = append(awards["edges"].([]obj), obj{"node": obj{"id": strconv.FormatInt(awardID.Int64, 10),
				"level": obj{"name": level.String}, "decision": decision}})
		}
	}
	reply(w, obj{"individuals": obj{"edges": people}}, rows.Err())
}

func (r *reads) serveQueue(w http.ResponseWriter, req *http.Request) {
	reviewer, _ := strconv.Atoi(req.URL.Query().Get("reviewer"))
	rows, err := r.queue.QueryContext(req.Context(), reviewer)
	if err != nil {
		reply(w, nil, err)
		return
	}
	edges, ids, byID := []obj{}, []string{}, map[int64]obj{}
	more := false
	for rows.Next() {
		var (
			id                  int64
			status, level       string
			achievements, whose sql.NullString
		)
		if err := rows.Scan(&id, &status, &achievements, &whose, &level); err != nil {
			rows.Close()
			reply(w, nil, err)
			return
		}
		if len(edges) == 20 {
			more = true
			break
		}
		node := obj{"id": strconv.FormatInt(id, 10), "status": status, "achievements": achievements.String,
			"individual": obj{"fullName": whose.String}, "level": obj{"name": level}, "events": []obj{}}
		edges, ids, byID[id] = append(edges, obj{"node": node}), append(ids, strconv.FormatInt(id, 10)), node
	}
	rows.Close()
	if len(ids) > 0 {
		// The page's ids are integers the database gave: safe to list in the statement.
		events, err := r.db.QueryContext(req.Context(), `SELECT nomination_id, action, to_status, create_time
			FROM nomination_events WHERE nomination_id IN (`+strings.Join(ids, ",")+`) ORDER BY id`)
		if err != nil {
			reply(w, nil, err)
			return
		}
		defer events.Close()
		for events.Next() {
			var (
				id             int64
				action, status string
				at             sql.NullTime
			)
			if err := events.Scan(&id, &action, &status, &at); err != nil {
				reply(w, nil, err)
				return
			}
			node := byID[id]
			node["events"] = append(node["events"].([]obj), obj{"action": action, "toStatus": status, "createTime": at.Time})
		}
	}
	reply(w, obj{"nominations": obj{"pageInfo": obj{"hasNextPage": more}, "edges": edges}}, nil)
}

func (r *reads) count(w http.ResponseWriter, req *http.Request, stmt *sql.Stmt, args ...any) {
	rows, err := stmt.QueryContext(req.Context(), args...)
	if err != nil {
		reply(w, nil, err)
		return
	}
	defer rows.Close()
	out := []obj{}
	for rows.Next() {
		var (
			level, kind string
			n           int
		)
		if err := rows.Scan(&level, &kind, &n); err != nil {
			reply(w, nil, err)
			return
		}
		out = append(out, obj{"level": obj{"name": level}, "recipientKind": kind, "count": n})
	}
	reply(w, obj{"awardStats": out}, rows.Err())
}

func (r *reads) serveTally(w http.ResponseWriter, req *http.Request) {
	id, _ := strconv.Atoi(req.URL.Query().Get("ceremony"))
	r.count(w, req, r.tally, id)
}

func (r *reads) serveStats(w http.ResponseWriter, req *http.Request) {
	c, _ := strconv.Atoi(req.URL.Query().Get("c"))
	units, _ := strconv.Atoi(req.URL.Query().Get("units"))
	stmt := r.statsFew
	if units > honorroll.ManyUnits {
		stmt = r.statsMany
	}
	r.count(w, req, stmt, c, c, c, c)
}

// serveSearch answers two-word searches only: the first 20 owners of both words' prefixes,
// unranked.
func (r *reads) serveSearch(w http.ResponseWriter, req *http.Request) {
	words := textfold.Tokens(req.URL.Query().Get("text"))
	if len(words) != 2 {
		http.Error(w, "two words", http.StatusBadRequest)
		return
	}
	a, b := words[0], words[1]
	ua, ub := textfold.PrefixUpperBound(a), textfold.PrefixUpperBound(b)
	rows, err := r.search.QueryContext(req.Context(), a, ua, b, ub, a, ua, b, ub)
	if err != nil {
		reply(w, nil, err)
		return
	}
	defer rows.Close()
	out := []obj{}
	for rows.Next() {
		var (
			typ, name string
			id        int64
		)
		if err := rows.Scan(&typ, &id, &name); err != nil {
			reply(w, nil, err)
			return
		}
		field := "fullName"
		if typ == "Collective" {
			field = "name"
		}
		out = append(out, obj{"__typename": typ, "id": strconv.FormatInt(id, 10), field: name})
	}
	reply(w, obj{"search": out}, rows.Err())
}
