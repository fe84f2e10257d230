package app_test

import (
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"path"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/store"
)

// The model-based test of the record's invariants. `go test ./...` runs a small fixed-seed
// sequence on every database; a long one: go test ./internal/app -run TestModel -model.ops=5000
// (-model.seed=N to replay one).
var (
	modelOps  = flag.Int("model.ops", 300, "operations of the model-based test")
	modelSeed = flag.Uint64("model.seed", 20261126, "seed of the model-based test")
)

// opKind is one kind of operation the model takes.
type opKind int

const (
	opRecordPerson opKind = iota
	opRecordPost
	opNominate
	opEdit
	opSubmit
	opReturn
	opForward
	opApprove
	opReject
	opWithdraw
	opIssue
	opRevoke
	opCeremony
	opReorganise
	opKinds
)

var opNames = [...]string{"recordPerson", "recordPost", "nominate", "edit", "submit", "return", "forward",
	"approve", "reject", "withdraw", "issue", "revoke", "ceremony", "reorganise"}

// op is one step: its kind, who takes it, and random numbers the step resolves against the
// state it finds (which nomination, which unit, …). A burst runs with its neighbours at once.
type op struct {
	kind    opKind
	actor   int
	a, b, c int
	burst   bool
}

// plan draws n operations from seed. Every 40 steps comes a burst of 8 concurrent steps
// aimed at the same nomination or the same people, where races would break invariants.
func plan(seed uint64, n int) []op {
	r := rand.New(rand.NewPCG(seed, seed^0x5eed))
	weights := []int{6, 6, 14, 4, 12, 4, 3, 12, 3, 3, 8, 2, 3, 2}
	var ops []op
	for len(ops) < n {
		if len(ops)%40 == 39 {
			kind := []opKind{opApprove, opIssue, opNominate, opSubmit}[r.IntN(4)]
			a, b := r.IntN(1000), r.IntN(1000)
			for range 8 {
				ops = append(ops, op{kind: kind, actor: r.IntN(5), a: a, b: b, c: r.IntN(1000), burst: true})
			}
			continue
		}
		total := 0
		for _, w := range weights {
			total += w
		}
		pick, kind := r.IntN(total), opKind(0)
		for acc := 0; kind < opKinds; kind++ {
			if acc += weights[kind]; pick < acc {
				break
			}
		}
		ops = append(ops, op{kind: kind, actor: r.IntN(5), a: r.IntN(1000), b: r.IntN(1000), c: r.IntN(1000)})
	}
	return ops[:n]
}

// model is the running system and what the test knows of it.
type model struct {
	t         testing.TB
	s         *server
	actors    []*server // school staff, Hai Bà Trưng, Thanh Trì, the city, the administrator
	units     [][]string
	people    []string
	posted    [][]string // people each actor recorded with a post in its units
	noms      []string
	cers      []string
	levels    []string
	reviewers []string // the federation whose approved nominations each actor tries to award
	mu        sync.Mutex
	counts    map[string]int
	examples  map[string]string // one message per refusal, for reading the log
	failure   string
}

func newModel(t testing.TB, s *server) *model {
	m := &model{t: t, s: s, counts: map[string]int{}, examples: map[string]string{}, posted: make([][]string, 5)}
	for _, email := range []string{"staff.school@demo.vinhdanh.vn", "staff.haibatrung@demo.vinhdanh.vn",
		"staff.thanhtri@demo.vinhdanh.vn", "staff.hanoi@demo.vinhdanh.vn", "admin@demo.vinhdanh.vn"} {
		m.actors = append(m.actors, s.as(email))
	}
	children := func(parent string) []string {
		var out struct {
			Collectives struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		s.query(`query($p: String!) { collectives(where: {hasParentWith: {name: $p}}, first: 50) { edges { node { id } } } }`,
			map[string]any{"p": parent}, &out)
		var ids []string
		for _, e := range out.Collectives.Edges {
			ids = append(ids, e.Node.ID)
		}
		return ids
	}
	hbt, tt := children("Liên đoàn Lao động quận Hai Bà Trưng"), children(thanhTri)
	// The units each actor proposes from: the school, Hai Bà Trưng's, Thanh Trì's, all of them.
	m.units = [][]string{{s.collectiveID(schoolUnion)}, hbt, tt, append(slices.Clone(hbt), tt...), append(slices.Clone(hbt), tt...)}
	hbtID, ttID, cityID := s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng"), s.collectiveID(thanhTri), s.collectiveID("Liên đoàn Lao động thành phố Hà Nội")
	m.reviewers = []string{hbtID, hbtID, ttID, cityID, hbtID}
	for _, code := range []string{"DISTRICT_GIAY_KHEN", "CITY_BANG_KHEN", "GRASSROOTS_LAO_DONG_TIEN_TIEN"} {
		m.levels = append(m.levels, s.levelGID(code))
	}
	return m
}

// do runs one operation through the API. Refusals are part of the game; an internal error is
// a failure.
func (m *model) do(o op) {
	actor := m.actors[o.actor]
	pick := func(list []string, n int) string {
		m.mu.Lock()
		defer m.mu.Unlock()
		if len(list) == 0 {
			return ""
		}
		return list[n%len(list)]
	}
	text := func(s string) string {
		if o.c%3 == 0 {
			return norm.NFD.String(s) // typed on a keyboard that decomposes
		}
		return s
	}
	period := map[string]any{"periodKind": "SCHOOL_YEAR", "periodStartYear": 2023 + o.b%2, "periodEndYear": 2024 + o.b%2}
	var r response
	switch o.kind {
	case opRecordPerson:
		r = actor.post(`mutation($n: String!) { createIndividual(input: {fullName: $n}) { id } }`,
			map[string]any{"n": text(fmt.Sprintf("Nguyễn Thị Mẫu %d", o.a))})
		var out struct{ CreateIndividual struct{ ID string } }
		if json.Unmarshal(r.Data, &out) == nil && out.CreateIndividual.ID != "" {
			id := out.CreateIndividual.ID
			units := m.units[o.actor]
			post := actor.post(`mutation($i: ID!, $c: ID!) { createPosition(input: {title: "Giáo viên", individualID: $i, collectiveID: $c, startDate: "2021-09-01"}) { id } }`,
				map[string]any{"i": id, "c": units[o.b%len(units)]})
			m.mu.Lock()
			m.people = append(m.people, id)
			if len(post.Errors) == 0 {
				m.posted[o.actor] = append(m.posted[o.actor], id)
			}
			m.mu.Unlock()
		}
	case opRecordPost:
		units := m.units[(o.actor+o.c)%len(m.units)] // sometimes outside the actor's scope
		r = actor.post(`mutation($i: ID!, $c: ID!, $from: Date) { createPosition(input: {title: "Giáo viên", individualID: $i, collectiveID: $c, startDate: $from}) { id } }`,
			map[string]any{"i": pick(m.people, o.a), "c": units[o.b%len(units)], "from": []any{nil, "2020-09-01", "2024-09-01"}[o.c%3]})
	case opNominate:
		units := m.units[o.actor]
		in := map[string]any{"levelID": m.levels[(o.c%5)/2], "proposerID": units[o.b%len(units)],
			"achievements": text("Hoàn thành xuất sắc nhiệm vụ năm học.")}
		for k, v := range period {
			in[k] = v
		}
		if o.a%5 == 0 {
			in["recipientKind"], in["collectiveID"] = "COLLECTIVE", units[o.a%len(units)]
		} else if o.a%7 == 0 {
			in["recipientKind"], in["individualID"] = "INDIVIDUAL", pick(m.people, o.a) // anyone: often out of scope
		} else {
			in["recipientKind"], in["individualID"] = "INDIVIDUAL", pick(m.posted[o.actor], o.a)
		}
		if in["individualID"] == "" {
			return
		}
		r = actor.post(`mutation($in: CreateNominationInput!) { createNomination(input: $in) { id } }`, map[string]any{"in": in})
		var out struct{ CreateNomination struct{ ID string } }
		if json.Unmarshal(r.Data, &out) == nil && out.CreateNomination.ID != "" {
			m.mu.Lock()
			m.noms = append(m.noms, out.CreateNomination.ID)
			m.mu.Unlock()
		}
	case opEdit, opSubmit, opReturn, opForward, opApprove, opReject, opWithdraw:
		id, version := m.target(actor, o)
		if id == "" {
			return
		}
		if o.c%10 == 0 {
			version-- // a stale client
		}
		vars := map[string]any{"id": id, "v": version}
		switch o.kind {
		case opEdit:
			vars["in"] = map[string]any{"achievements": text("Sáng kiến cấp trường."), "periodStartYear": period["periodStartYear"], "periodEndYear": period["periodEndYear"]}
			r = actor.post(`mutation($id: ID!, $v: Int!, $in: UpdateNominationInput!) { updateNomination(id: $id, expectedVersion: $v, input: $in) { id } }`, vars)
		case opReturn:
			vars["c"] = text("Bổ sung biên bản họp bình xét")
			r = actor.post(`mutation($id: ID!, $v: Int!, $c: String!) { returnNomination(id: $id, expectedVersion: $v, comment: $c) { id } }`, vars)
		case opReject:
			vars["c"] = text("Chưa đủ tiêu chuẩn")
			r = actor.post(`mutation($id: ID!, $v: Int!, $c: String!) { rejectNomination(id: $id, expectedVersion: $v, reason: $c) { id } }`, vars)
		default:
			r = actor.post(fmt.Sprintf(`mutation($id: ID!, $v: Int!) { %sNomination(id: $id, expectedVersion: $v) { id } }`, opNames[o.kind]), vars)
		}
	case opIssue:
		var out struct {
			Nominations struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		actor.query(`query($r: ID!) { nominations(where: {status: APPROVED, hasReviewerWith: {id: $r}}, first: 20) { edges { node { id } } } }`,
			map[string]any{"r": m.reviewers[o.actor]}, &out)
		var ids []string
		for i, e := range out.Nominations.Edges {
			if (i+o.a)%2 == 0 || len(ids) == 0 {
				ids = append(ids, e.Node.ID)
			}
		}
		if len(ids) == 0 {
			return
		}
		in := map[string]any{"number": fmt.Sprintf("%d/QĐ-LĐLĐ", o.b), "signedOn": fmt.Sprintf("2024-0%d-15", 6+o.b%4),
			"signerName": text("Nguyễn Thị Kim Dung"), "signerTitle": "Chủ tịch", "nominationIDs": ids}
		if cer := pick(m.cers, o.c); cer != "" && o.c%2 == 0 {
			in["ceremonyID"] = cer
		}
		r = actor.post(`mutation($in: IssueDecisionInput!) { issueDecision(input: $in) { id } }`, map[string]any{"in": in})
	case opRevoke:
		var out struct {
			Awards struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		m.actors[4].query(`{ awards(where: {revokedAtIsNil: true, hasNomination: true}, first: 50) { edges { node { id } } } }`, nil, &out)
		if len(out.Awards.Edges) == 0 {
			return
		}
		r = m.actors[4].post(`mutation($id: ID!) { revokeAward(id: $id, reason: "Hồ sơ khai sai") { id } }`,
			map[string]any{"id": out.Awards.Edges[o.a%len(out.Awards.Edges)].Node.ID})
	case opReorganise:
		// The administrator moves a school between the two districts, effective some day of
		// 2025-2026; the rolls and tallies of earlier school years must not change.
		from, to := 1, 2
		if o.b%2 == 0 {
			from, to = 2, 1
		}
		unit := m.units[from][o.a%len(m.units[from])]
		day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, o.c%600)
		past := m.pastRolls()
		r = m.actors[4].post(`mutation($u: ID!, $p: ID!, $d: Date!) { reorganize(input: {effectiveOn: $d, moves: [{collectiveID: $u, newParentID: $p}]}) { id } }`,
			map[string]any{"u": unit, "p": m.reviewers[to], "d": day.Format(time.DateOnly)})
		if len(r.Errors) == 0 && m.pastRolls() != past {
			m.mu.Lock()
			if m.failure == "" {
				m.failure = fmt.Sprintf("moving %s on %s changed past rolls:\nbefore %s\nafter  %s", unit, day.Format(time.DateOnly), past, m.pastRolls())
			}
			m.mu.Unlock()
		}
	case opCeremony:
		organizers := [][]string{m.units[0], {m.s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng")}, {m.s.collectiveID(thanhTri)},
			{m.s.collectiveID("Liên đoàn Lao động thành phố Hà Nội")}, m.units[3]}[o.actor]
		in := map[string]any{"name": text(fmt.Sprintf("Hội nghị tổng kết %d", o.a)), "heldOn": fmt.Sprintf("2024-0%d-20", 6+o.b%4),
			"organizerID": organizers[o.b%len(organizers)]}
		if o.c%3 == 0 {
			in["coOrganizerIDs"] = []string{m.s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng")}
		}
		r = actor.post(`mutation($in: CreateCeremonyInput!) { createCeremony(input: $in) { id } }`, map[string]any{"in": in})
		var out struct{ CreateCeremony struct{ ID string } }
		if json.Unmarshal(r.Data, &out) == nil && out.CreateCeremony.ID != "" {
			m.mu.Lock()
			m.cers = append(m.cers, out.CreateCeremony.ID)
			m.mu.Unlock()
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	outcome := "ok"
	if len(r.Errors) > 0 {
		outcome = r.Errors[0].code()
	}
	m.counts[opNames[o.kind]+" "+outcome]++
	if outcome != "ok" && m.examples[opNames[o.kind]+" "+outcome] == "" {
		m.examples[opNames[o.kind]+" "+outcome] = r.Errors[0].Message
	}
	switch outcome {
	case "INTERNAL_SERVER_ERROR", "UNAVAILABLE", "TIMEOUT", "":
		if m.failure == "" {
			m.failure = fmt.Sprintf("%s by actor %d: %+v", opNames[o.kind], o.actor, r.Errors)
		}
	}
}

// pastRolls reads the rolls and tallies of both districts and the city for the school years
// before any reorganisation the model makes.
func (m *model) pastRolls() string {
	var b strings.Builder
	for _, unit := range m.reviewers[1:4] {
		for _, year := range []int{2022, 2023} {
			var out struct {
				Roll struct {
					Edges []struct{ Node struct{ ID string } }
				}
				Stats []struct{ Count int }
			}
			m.actors[4].query(`query($u: ID!, $p: String!, $y: Int!) {
				roll: honorRoll(collectiveID: $u, period: $p, first: 200) { edges { node { id } } }
				stats: awardStats(collectiveID: $u, where: {periodStartYear: $y}) { count } }`,
				map[string]any{"u": unit, "p": fmt.Sprintf("%d-%d", year, year+1), "y": year}, &out)
			fmt.Fprintf(&b, "%s/%d: %v %v; ", unit, year, out.Roll.Edges, out.Stats)
		}
	}
	return b.String()
}

// target picks the nomination an operation acts on: mostly one the actor can act on (its
// review queue for a reviewer's step, its own unit's for a proposer's), sometimes any
// nomination at all, to probe the refusals. It returns the id and current version.
func (m *model) target(actor *server, o op) (string, int) {
	query := `{ nominations(where: {statusIn: [DRAFT, RETURNED, SUBMITTED, APPROVED]}, first: 50) { edges { node { id version } } } }`
	switch o.kind {
	case opReturn, opForward, opApprove, opReject:
		query = `{ nominations(where: {reviewQueue: true}, first: 50) { edges { node { id version } } } }`
	}
	if o.c%8 == 0 {
		actor = m.actors[4]
	}
	var out struct {
		Nominations struct {
			Edges []struct {
				Node struct {
					ID      string
					Version int
				}
			}
		}
	}
	actor.query(query, nil, &out)
	if len(out.Nominations.Edges) == 0 {
		return "", 0
	}
	n := out.Nominations.Edges[o.a%len(out.Nominations.Edges)].Node
	return n.ID, n.Version
}

// run takes the operations in order, bursts concurrently.
func (m *model) run(ops []op) {
	for i := 0; i < len(ops); {
		if !ops[i].burst {
			m.do(ops[i])
			i++
			continue
		}
		var wg sync.WaitGroup
		for ; i < len(ops) && ops[i].burst; i++ {
			wg.Add(1)
			go func(o op) { defer wg.Done(); m.do(o) }(ops[i])
		}
		wg.Wait()
	}
}

// violations checks every invariant of the record in SQL and returns what does not hold.
func violations(db *sql.DB) []string {
	var out []string
	rows := func(name, query string) {
		r, err := db.Query(query)
		if err != nil {
			out = append(out, fmt.Sprintf("%s: %v", name, err))
			return
		}
		defer r.Close()
		cols, _ := r.Columns()
		for r.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			_ = r.Scan(ptrs...)
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					vals[i] = string(b)
				}
			}
			out = append(out, fmt.Sprintf("%s: %v", name, vals))
		}
	}
	rows("two valid awards for one recipient, level, period and movement", `
		SELECT recipient_kind, collective_id, individual_id, level_id, period_kind, period_start_year, COALESCE(movement_id, 0), COUNT(*)
		FROM awards WHERE revoked_at IS NULL AND period_kind IS NOT NULL
		GROUP BY recipient_kind, collective_id, individual_id, level_id, period_kind, period_start_year, period_end_year, COALESCE(movement_id, 0)
		HAVING COUNT(*) > 1`)
	rows("award key out of step with revocation", `
		SELECT id FROM awards WHERE (revoked_at IS NULL AND period_kind IS NOT NULL) <> (active_key IS NOT NULL)`)
	rows("awarded nomination without exactly one award", `
		SELECT n.id, COUNT(a.id) FROM nominations n LEFT JOIN awards a ON a.nomination_id = n.id
		WHERE n.status = 'AWARDED' GROUP BY n.id HAVING COUNT(a.id) <> 1`)
	rows("award of a nomination that is not awarded", `
		SELECT a.id, n.status FROM awards a JOIN nominations n ON n.id = a.nomination_id WHERE n.status <> 'AWARDED'`)
	rows("nomination whose history misses a change", `
		SELECT n.id, n.version, COUNT(e.id) FROM nominations n LEFT JOIN nomination_events e ON e.nomination_id = n.id
		GROUP BY n.id, n.version HAVING COUNT(e.id) <> n.version`)
	rows("nomination whose audit log misses a change", `
		SELECT n.id, n.version, COUNT(x.id) FROM nominations n LEFT JOIN audit_events x ON x.entity_type = 'Nomination' AND x.entity_id = n.id
		GROUP BY n.id, n.version HAVING COUNT(x.id) <> n.version`)
	rows("transition audited without before", `
		SELECT x.id, x.action FROM audit_events x WHERE x.entity_type = 'Nomination' AND x.action LIKE '%: update'
		AND (x.before IS NULL OR x.before = '' OR x.before = '{}')`)
	rows("ceremony held before the decision of an award presented there", `
		SELECT a.id FROM awards a JOIN ceremonies c ON c.id = a.ceremony_id JOIN decisions d ON d.id = a.decision_id
		WHERE c.held_on < d.signed_on`)
	out = append(out, treeViolations(db)...)
	for _, col := range []string{"individuals.full_name", "collectives.name", "ceremonies.name", "decisions.signer_name",
		"positions.title", "awards.recipient_name", "awards.recipient_unit", "nominations.achievements", "nomination_events.comment"} {
		table, column, _ := strings.Cut(col, ".")
		r, err := db.Query("SELECT id, " + column + " FROM " + table + " WHERE " + column + " IS NOT NULL")
		if err != nil {
			out = append(out, err.Error())
			continue
		}
		for r.Next() {
			var id int
			var s string
			_ = r.Scan(&id, &s)
			if !norm.NFC.IsNormalString(s) {
				out = append(out, fmt.Sprintf("%s of %d is not NFC: %q", col, id, s))
			}
		}
		r.Close()
	}
	return out
}

// treeViolations checks, over the dated tree as the database holds it (the affiliations, not
// the derived paths), that every award's recipient lay inside its decision's issuer during the
// award's period (a person through a post held then) and that its ceremony is organised inside
// the issuer or names the issuer as a co-organiser.
func treeViolations(db *sql.DB) []string {
	day := func(v sql.NullString, open string) string {
		if !v.Valid || len(v.String) < 10 {
			return open
		}
		return v.String[:10]
	}
	type link struct{ parent, from, to string }
	up := map[int][]link{}
	r, _ := db.Query(`SELECT collective_id, parent_id, valid_from, valid_to FROM affiliations WHERE cancelled_at IS NULL`)
	for r.Next() {
		var c, p int
		var from, to sql.NullString
		_ = r.Scan(&c, &p, &from, &to)
		up[c] = append(up[c], link{fmt.Sprint(p), day(from, "0000-00-00"), day(to, "9999-99-99")})
	}
	r.Close()
	var within func(root, unit int, from, to string, depth int) bool
	within = func(root, unit int, from, to string, depth int) bool {
		if unit == root {
			return true
		}
		if depth > 16 {
			return false
		}
		for _, l := range up[unit] {
			if l.from <= to && l.to > from {
				var p int
				fmt.Sscan(l.parent, &p)
				if within(root, p, from, to, depth+1) {
					return true
				}
			}
		}
		return false
	}
	type post struct {
		unit     int
		from, to string
	}
	posts := map[int][]post{}
	r, _ = db.Query(`SELECT individual_id, collective_id, start_date, end_date FROM positions`)
	for r.Next() {
		var i, c int
		var from, to sql.NullString
		_ = r.Scan(&i, &c, &from, &to)
		posts[i] = append(posts[i], post{c, day(from, "0000-00-00"), day(to, "9999-99-99")})
	}
	r.Close()
	coOrg := map[[2]int]bool{}
	r, _ = db.Query(`SELECT ceremony_id, collective_id FROM ceremony_co_organizers`)
	for r != nil && r.Next() {
		var c, o int
		_ = r.Scan(&c, &o)
		coOrg[[2]int{c, o}] = true
	}
	if r != nil {
		r.Close()
	}
	var out []string
	r, err := db.Query(`SELECT a.id, COALESCE(a.collective_id, 0), COALESCE(a.individual_id, 0), d.issuer_id,
		COALESCE(a.ceremony_id, 0), COALESCE(c.organizer_id, 0), a.period_from, a.period_to
		FROM awards a JOIN decisions d ON d.id = a.decision_id LEFT JOIN ceremonies c ON c.id = a.ceremony_id
		WHERE a.nomination_id IS NOT NULL`)
	if err != nil {
		return []string{err.Error()}
	}
	defer r.Close()
	for r.Next() {
		var id, col, ind, issuer, cer, organizer int
		var pf, pt sql.NullString
		_ = r.Scan(&id, &col, &ind, &issuer, &cer, &organizer, &pf, &pt)
		from, to := day(pf, "0000-00-00"), day(pt, "9999-99-99")
		inside := col != 0 && within(issuer, col, from, to, 0)
		for _, p := range posts[ind] {
			if p.from <= to && p.to >= from {
				inside = inside || within(issuer, p.unit, max(from, p.from), min(to, p.to), 0)
			}
		}
		if !inside {
			out = append(out, fmt.Sprintf("award %d: recipient outside issuer %d during %s..%s", id, issuer, from, to))
		}
		if cer != 0 && !within(issuer, organizer, "0000-00-00", "9999-99-99", 0) && !coOrg[[2]int{cer, issuer}] {
			out = append(out, fmt.Sprintf("award %d: ceremony %d not open to issuer %d", id, cer, issuer))
		}
	}
	return out
}

// TestModel runs a seeded random sequence of operations by five actors of three federations,
// with concurrent bursts, then checks the invariants in SQL. On failure it prints the seed and
// the shortest failing prefix it can find.
func TestModel(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		ops := plan(*modelSeed, *modelOps)
		fresh := func() store.Target {
			if target.Embedded() {
				return dbtest.SQLite(t)
			}
			return dbtest.MySQL(t)
		}
		first := true
		fails := func(n int, tb testing.TB) []string {
			db := target
			if !first {
				db = fresh()
			}
			first = false
			s := newServer(tb, db)
			m := newModel(tb, s)
			m.run(ops[:n])
			v := violations(s.db.SQL)
			if m.failure != "" {
				v = append(v, "an operation failed inside: "+m.failure)
			}
			if n == len(ops) {
				t.Logf("outcomes: %v", m.counts)
				if testing.Verbose() {
					for k, v := range m.examples {
						t.Logf("  %s: %s", k, v)
					}
				}
			}
			return v
		}
		v := fails(len(ops), t)
		if len(v) == 0 {
			return
		}
		// The shortest failing prefix, by bisection (bursts make a replay close, not exact).
		lo, hi := 0, len(ops)
		for lo+1 < hi {
			mid := (lo + hi) / 2
			if len(fails(mid, t)) > 0 {
				hi = mid
			} else {
				lo = mid
			}
		}
		t.Errorf("seed %d, %d operations: %d invariants broken, e.g. %v\nshortest failing prefix: %d operations, the last %s by actor %d; "+
			"replay: go test ./internal/app -run 'TestModel/%s' -model.seed=%d -model.ops=%d",
			*modelSeed, len(ops), len(v), v[:min(5, len(v))], hi, opNames[ops[hi-1].kind], ops[hi-1].actor, path.Base(t.Name()), *modelSeed, hi)
	})
}
