package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"vinhdanh/ent/awardlevel"
	schema "vinhdanh/ent/schema"
	"vinhdanh/internal/app"
	"vinhdanh/internal/awardkey"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/period"
	"vinhdanh/internal/posted"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/search"
	"vinhdanh/internal/store"
	"vinhdanh/internal/textfold"
	"vinhdanh/internal/tree"
)

// idBase is, per table, the last id used before the generator writes: ent's sql/globalid
// feature gives each table a range of ids, and rows written here continue their table's.
var idBase = map[string]int{}

// family names with their approximate share of the population.
var families = []struct {
	name  string
	share float64
}{
	{"Nguyễn", 38}, {"Trần", 11}, {"Lê", 9.5}, {"Phạm", 7.1}, {"Hoàng", 4.1}, {"Huỳnh", 1}, {"Phan", 4.5},
	{"Vũ", 3.9}, {"Võ", 1}, {"Đặng", 2.1}, {"Bùi", 2}, {"Đỗ", 1.4}, {"Hồ", 1.3}, {"Ngô", 1.3},
	{"Dương", 1}, {"Lý", 0.5}, {"Đinh", 0.6}, {"Trương", 0.6}, {"Mai", 0.4}, {"Cao", 0.4}, {"Lương", 0.3}, {"Tạ", 0.2},
}

var (
	middleF = []string{"Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Kim", "Bích", "Hồng"}
	middleM = []string{"Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Xuân", "Công", "Ngọc"}
	givenF  = []string{"Hương", "Lan", "Mai", "Hà", "Thủy", "Thúy", "Hằng", "Hoa", "Linh", "Trang", "Nga", "Dung",
		"Yến", "Phương", "Anh", "Huyền", "Thảo", "Loan", "Hạnh", "Vân", "Ngân", "Quỳnh", "Tuyết", "Oanh"}
	givenM = []string{"Hùng", "Dũng", "Tuấn", "Hải", "Minh", "Nam", "Đức", "Long", "Thắng", "Sơn", "Quân", "Huy",
		"Phúc", "Khánh", "Bình", "Cường", "Tâm", "Hòa", "Trung", "Vinh", "Thành", "Toàn", "Lâm", "Kiên"}
	places = []string{"Ba Đình", "Hoàn Kiếm", "Đống Đa", "Cầu Giấy", "Thanh Xuân", "Hoàng Mai", "Long Biên",
		"Tây Hồ", "Hà Đông", "Sơn Tây", "Gia Lâm", "Đông Anh", "Sóc Sơn", "Thanh Trì", "Mỹ Đức", "Ứng Hòa",
		"Hải Châu", "Ninh Kiều", "Thủ Đức", "Bình Thạnh", "Gò Vấp", "Tân Bình", "Phú Nhuận", "Lê Chân", "Ngô Quyền"}
	provinces = []string{"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Quảng Ninh", "Nghệ An",
		"Thanh Hóa", "Nam Định", "Thái Bình", "Bắc Ninh", "Lào Cai", "Đắk Lắk", "Khánh Hòa", "Lâm Đồng",
		"Đồng Nai", "An Giang", "Cà Mau", "Gia Lai", "Quảng Ngãi", "Tây Ninh", "Vĩnh Long", "Phú Thọ"}
	schools = []string{"Mầm non", "Tiểu học", "THCS", "THPT"}
)

// writer inserts rows in multi-row statements inside one transaction per table batch.
type writer struct {
	db     *sql.DB
	next   map[string]int
	buffer map[string][][]any
	cols   map[string][]string
	now    time.Time
}

func (w *writer) id(table string) int {
	w.next[table]++
	return idBase[table] + w.next[table]
}

// add queues a row; every row of a table must name the same columns.
func (w *writer) add(ctx context.Context, table string, cols []string, vals ...any) error {
	w.cols[table] = cols
	w.buffer[table] = append(w.buffer[table], vals)
	if len(w.buffer[table])*len(cols) >= 900 { // below SQLite's 999 variables
		return w.flushAll(ctx)
	}
	return nil
}

// order is the order tables are written in, so every foreign key finds its row.
var order = []string{"collectives", "affiliations", "individuals", "positions", "search_terms", "decisions",
	"ceremonies", "awards", "nominations"}

func (w *writer) flush(ctx context.Context, table string) error {
	rows := w.buffer[table]
	if len(rows) == 0 {
		return nil
	}
	cols := w.cols[table]
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	q := "INSERT INTO " + table + " (" + strings.Join(cols, ",") + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(one+",", len(rows)), ",")
	args := make([]any, 0, len(rows)*len(cols))
	for _, r := range rows {
		args = append(args, r...)
	}
	if _, err := w.db.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("insert into %s: %w", table, err)
	}
	w.buffer[table] = rows[:0]
	return nil
}

func (w *writer) flushAll(ctx context.Context) error {
	for _, t := range order {
		if err := w.flush(ctx, t); err != nil {
			return err
		}
	}
	return nil
}

// unit is a generated collective and its ancestors by kind.
type unit struct {
	id, parent int
	name       string
	kind       enum.CollectiveKind
	city, dist int // the city and district federations above it (0 when none)
}

// person is a generated individual and the post that names them on awards.
type person struct {
	id    int
	name  string
	unit  *unit
	title string
}

// Generate fills the empty database at url with about awards awards and returns how many it
// wrote.
func Generate(ctx context.Context, url string, awards int, seed uint64, logf func(string, ...any)) (int, error) {
	target, err := store.Parse(url)
	if err != nil {
		return 0, err
	}
	db, err := app.Prepare(ctx, target)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	sys := rule.SystemContext(ctx)
	if n, err := db.Client.Collective.Query().Count(sys); err != nil || n > 0 {
		return 0, fmt.Errorf("the database must be empty (found %d collectives, %v)", n, err)
	}
	levels, err := db.Client.AwardLevel.Query().Order(awardlevel.ByRank()).All(sys)
	if err != nil {
		return 0, err
	}
	w := &writer{db: db.SQL, next: map[string]int{}, buffer: map[string][][]any{}, cols: map[string][]string{},
		now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, t := range []string{"collectives", "individuals", "positions", "decisions", "awards", "search_terms",
		"nominations", "ceremonies", "affiliations"} {
		if idBase[t], err = nextID(ctx, db, t); err != nil {
			return 0, err
		}
	}
	r := rand.New(rand.NewPCG(seed, seed*7919+17))

	// Units in four tiers: the confederation, cities, districts, grassroots unions.
	nUnits := max(60, awards/200)
	nCities := min(63, max(3, nUnits/80))
	nDistricts := max(nCities, nUnits*14/100)
	var all, districts, grassroots []*unit
	addUnit := func(name string, kind enum.CollectiveKind, tier enum.Tier, parent *unit) (*unit, error) {
		u := &unit{id: w.id("collectives"), name: name, kind: kind}
		var parentID any
		if parent != nil {
			u.parent, u.city, u.dist, parentID = parent.id, parent.city, parent.dist, parent.id
			switch parent.kind {
			case enum.KindCityFederation:
				u.city = parent.id
			case enum.KindDistrictFederation:
				u.dist = parent.id
			}
		}
		all = append(all, u)
		if err := w.add(ctx, "collectives", []string{"id", "create_time", "update_time", "name", "name_key", "kind", "tier", "parent_id"},
			u.id, w.now, w.now, name, textfold.SortKey(name, false), string(kind), string(tier), parentID); err != nil {
			return nil, err
		}
		if parent != nil {
			if err := w.add(ctx, "affiliations", []string{"id", "collective_id", "parent_id"}, w.id("affiliations"), u.id, parent.id); err != nil {
				return nil, err
			}
		}
		return u, w.terms(ctx, "collective_id", u.id, name)
	}
	root, err := addUnit("Tổng Liên đoàn Lao động Việt Nam", enum.KindConfederation, enum.TierNational, nil)
	if err != nil {
		return 0, err
	}
	var cities []*unit
	for i := range nCities {
		c, err := addUnit("Liên đoàn Lao động "+numbered(provinces, i, "tỉnh"), enum.KindCityFederation, enum.TierCity, root)
		if err != nil {
			return 0, err
		}
		cities = append(cities, c)
	}
	for i := range nDistricts {
		d, err := addUnit("Liên đoàn Lao động "+numbered(places, i, "quận"), enum.KindDistrictFederation, enum.TierDistrict, cities[i%len(cities)])
		if err != nil {
			return 0, err
		}
		districts = append(districts, d)
	}
	for i := range nUnits - 1 - nCities - nDistricts {
		g, err := addUnit(fmt.Sprintf("Công đoàn Trường %s %s", schools[i%len(schools)], numbered(places, i/len(schools), "")),
			enum.KindGrassrootsUnion, enum.TierGrassroots, districts[r.IntN(len(districts))])
		if err != nil {
			return 0, err
		}
		grassroots = append(grassroots, g)
	}
	logf("%d units", len(all))
	// The tree before the awards: rebuilt, it lists the awards of the units whose paths change,
	// none yet.
	if err := w.flushAll(ctx); err != nil {
		return 0, err
	}
	logf("deriving the tree paths")
	if err := tree.Rebuild(sys, db.Client); err != nil {
		return 0, err
	}

	// People, each posted at a grassroots union.
	nPeople := max(100, awards/5)
	people := make([]*person, nPeople)
	for i := range people {
		female := r.Float64() < 0.7 // the education sector
		name := vietnameseName(r, female)
		p := &person{id: w.id("individuals"), name: name, unit: grassroots[r.IntN(len(grassroots))], title: "Giáo viên"}
		if r.IntN(20) == 0 {
			p.title = "Chủ tịch Công đoàn"
		}
		gender := "MALE"
		if female {
			gender = "FEMALE"
		}
		people[i] = p
		if err := w.add(ctx, "individuals", []string{"id", "create_time", "update_time", "full_name", "name_key", "gender"},
			p.id, w.now, w.now, name, textfold.SortKey(name, true), gender); err != nil {
			return 0, err
		}
		if err := w.add(ctx, "positions", []string{"id", "title", "start_date", "individual_id", "collective_id"},
			w.id("positions"), p.title, time.Date(2015, 9, 1, 0, 0, 0, 0, time.UTC), p.id, p.unit.id); err != nil {
			return 0, err
		}
		if err := w.terms(ctx, "individual_id", p.id, name); err != nil {
			return 0, err
		}
	}
	logf("%d people", len(people))

	// Awards, with the decisions and ceremonies they need.
	decisions := map[string]int{}
	ceremonies := map[string]int{}
	decision := func(issuer *unit, level int, year int) (int, error) {
		key := fmt.Sprint(issuer.id, "/", level, "/", year)
		if id, ok := decisions[key]; ok {
			return id, nil
		}
		id := w.id("decisions")
		decisions[key] = id
		return id, w.add(ctx, "decisions", []string{"id", "create_time", "update_time", "number", "signed_on", "signer_title", "issuer_id"},
			id, w.now, w.now, fmt.Sprintf("%d/QĐ-%d", len(decisions), year), time.Date(year+1, 8, 1, 0, 0, 0, 0, time.UTC),
			"Chủ tịch", issuer.id)
	}
	ceremony := func(organizer *unit, year int) (int, error) {
		key := fmt.Sprint(organizer.id, "/", year)
		if id, ok := ceremonies[key]; ok {
			return id, nil
		}
		id := w.id("ceremonies")
		ceremonies[key] = id
		return id, w.add(ctx, "ceremonies", []string{"id", "name", "held_on", "organizer_id"},
			id, fmt.Sprintf("Hội nghị tổng kết năm học %d-%d của %s", year, year+1, organizer.name),
			time.Date(year+1, 8, 30, 0, 0, 0, 0, time.UTC), organizer.id)
	}
	byID := map[int]*unit{}
	for _, u := range all {
		byID[u.id] = u
	}
	issuerOf := func(l int, recipient *unit) *unit {
		switch levels[l].IssuerKind {
		case enum.KindConfederation:
			return root
		case enum.KindCityFederation:
			return byID[recipient.city]
		case enum.KindDistrictFederation:
			return byID[recipient.dist]
		case enum.KindGrassrootsUnion:
			return recipient
		}
		return nil // a body the dataset does not model: the award is recorded without a decision
	}
	held := make(map[string]bool, awards)
	cols := []string{"id", "period_kind", "period_start_year", "period_end_year", "period_from", "period_to", "create_time", "update_time",
		"recipient_kind", "citation", "recipient_name", "recipient_position", "recipient_unit", "public", "roll_key", "active_key",
		"collective_id", "individual_id", "level_id", "decision_id", "ceremony_id"}
	written := 0
	for written < awards {
		kind := enum.RecipientIndividual
		if r.Float64() >= 0.7 {
			kind = enum.RecipientCollective
		}
		l := r.IntN(len(levels))
		if (kind == enum.RecipientCollective && !levels[l].AcceptsCollective) || (kind == enum.RecipientIndividual && !levels[l].AcceptsIndividual) {
			continue
		}
		year := 2018 + r.IntN(7)
		parts := awardkey.Parts{RecipientKind: kind, LevelID: levels[l].ID, PeriodKind: enum.PeriodSchoolYear, StartYear: year, EndYear: year + 1}
		var (
			at                  *unit
			name, title, inUnit any
			collectiveID, indID any
		)
		if kind == enum.RecipientCollective {
			at = grassroots[r.IntN(len(grassroots))]
			if r.IntN(10) == 0 {
				at = districts[r.IntN(len(districts))]
			}
			parts.CollectiveID, name, collectiveID = at.id, at.name, at.id
		} else {
			p := people[r.IntN(len(people))]
			at = p.unit
			parts.IndividualID, name, title, inUnit, indID = p.id, p.name, p.title, p.unit.name, p.id
		}
		key := parts.String()
		if held[key] {
			continue // one award per recipient, level, period and movement
		}
		held[key] = true
		var decisionID, ceremonyID any
		if issuer := issuerOf(l, at); issuer != nil {
			id, err := decision(issuer, levels[l].ID, year)
			if err != nil {
				return 0, err
			}
			decisionID = id
			if r.IntN(3) > 0 {
				if ceremonyID, err = ceremony(issuer, year); err != nil {
					return 0, err
				}
			}
		}
		first, last := period.Period{Kind: enum.PeriodSchoolYear, StartYear: year, EndYear: year + 1}.Span()
		if err := w.add(ctx, "awards", cols, w.id("awards"), string(enum.PeriodSchoolYear), year, year+1, first, last, w.now, w.now,
			string(kind), fmt.Sprintf("Đã có thành tích xuất sắc trong năm học %d-%d.", year, year+1), name, title, inUnit,
			r.IntN(100) < 92, schema.RollKey(levels[l].Rank, name.(string), kind), key, collectiveID, indID, levels[l].ID,
			decisionID, ceremonyID); err != nil {
			return 0, err
		}
		written++
		if written%100_000 == 0 {
			logf("%d awards", written)
		}
	}
	// Nominations in every state, one per twenty awards, for the review queues.
	states := []string{"DRAFT", "SUBMITTED", "RETURNED", "APPROVED", "REJECTED", "WITHDRAWN"}
	for i := range awards / 20 {
		p := people[r.IntN(len(people))]
		l := levels[r.IntN(len(levels))]
		if !l.AcceptsIndividual {
			continue
		}
		year := 2025
		key := awardkey.Parts{RecipientKind: enum.RecipientIndividual, IndividualID: p.id, LevelID: l.ID,
			PeriodKind: enum.PeriodSchoolYear, StartYear: year, EndYear: year + 1}.String()
		first, last := period.Period{Kind: enum.PeriodSchoolYear, StartYear: year, EndYear: year + 1}.Span()
		state := states[i%len(states)]
		var reviewer any
		if state != "DRAFT" && p.unit.dist != 0 {
			reviewer = p.unit.dist
		}
		if err := w.add(ctx, "nominations", []string{"id", "period_kind", "period_start_year", "period_end_year", "period_from", "period_to",
			"create_time", "update_time", "recipient_kind", "achievements", "status", "award_key", "version", "individual_id", "level_id",
			"proposer_id", "reviewer_id"},
			w.id("nominations"), string(enum.PeriodSchoolYear), year, year+1, first, last, w.now, w.now, string(enum.RecipientIndividual),
			"Hoàn thành xuất sắc nhiệm vụ năm học; có sáng kiến được công nhận.", state, key, 1, p.id, l.ID, p.unit.id, reviewer); err != nil {
			return 0, err
		}
	}
	if err := w.flushAll(ctx); err != nil {
		return 0, err
	}
	logf("filing the awards under their units and on the rolls that hold them")
	if err := posted.Rebuild(sys, db.Client); err != nil {
		return 0, err
	}
	return written, nil
}

// terms writes the search index rows of a name, as the product's hooks would.
func (w *writer) terms(ctx context.Context, owner string, id int, name string) error {
	var collectiveID, individualID any = id, nil
	if owner == "individual_id" {
		collectiveID, individualID = nil, id
	}
	for _, word := range search.Words(name) {
		if err := w.add(ctx, "search_terms", []string{"id", "term", "position", "collective_id", "individual_id"},
			w.id("search_terms"), word.Term, word.Position, collectiveID, individualID); err != nil {
			return err
		}
	}
	return nil
}

// nextID returns the last id used in the table's global id range, so that rows written here
// continue it.
func nextID(ctx context.Context, db *store.DB, table string) (int, error) {
	var max sql.NullInt64
	if err := db.SQL.QueryRowContext(ctx, "SELECT MAX(id) FROM "+table).Scan(&max); err != nil {
		return 0, fmt.Errorf("last id of %s: %w", table, err)
	}
	if max.Valid {
		return int(max.Int64), nil
	}
	// An empty table: its range starts where the migration set its counter (ent's global
	// ids), which each database keeps in its own place.
	q := "SELECT seq FROM sqlite_sequence WHERE name = ?"
	if !db.Target.Embedded() {
		q = "SELECT AUTO_INCREMENT - 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"
	}
	var base sql.NullInt64
	if err := db.SQL.QueryRowContext(ctx, q, table).Scan(&base); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("id range of %s: %w", table, err)
	}
	return int(base.Int64), nil
}

func numbered(names []string, i int, prefix string) string {
	name := names[i%len(names)]
	if prefix != "" {
		name = prefix + " " + name
	}
	if n := i / len(names); n > 0 {
		name += fmt.Sprintf(" %d", n+1)
	}
	return name
}

// vietnameseName draws a full name: family name by its share, a middle name, a given name.
func vietnameseName(r *rand.Rand, female bool) string {
	total := 0.0
	for _, f := range families {
		total += f.share
	}
	pick, family := r.Float64()*total, families[0].name
	for _, f := range families {
		if pick -= f.share; pick < 0 {
			family = f.name
			break
		}
	}
	if female {
		return family + " " + middleF[r.IntN(len(middleF))] + " " + givenF[r.IntN(len(givenF))]
	}
	return family + " " + middleM[r.IntN(len(middleM))] + " " + givenM[r.IntN(len(givenM))]
}
