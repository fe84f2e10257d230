// Package seed loads the demo records of the seed articles: every organisation, person,
// movement, ceremony and award they report, so a new installation has real data to browse.
package seed

import (
	"context"
	"errors"
	"fmt"
	"time"

	"vinhdanh/ent"
	"vinhdanh/ent/awardlevel"
	"vinhdanh/ent/ceremony"
	"vinhdanh/ent/collective"
	"vinhdanh/ent/emulationmovement"
	"vinhdanh/ent/individual"
	"vinhdanh/ent/user"
	"vinhdanh/internal/auth"
	"vinhdanh/internal/catalog"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/rule"
)

// ErrAlreadySeeded is returned when the database already holds the demo records.
var ErrAlreadySeeded = errors.New("the demo records are already loaded")

// A1CeremonyName is the name of the ceremony whose tally the articles state exactly.
const A1CeremonyName = "Hội nghị tổng kết hoạt động công đoàn khối Giáo dục năm học 2022-2023"

// Load writes the demo records in one transaction: all of them or none. The award
// catalogue must exist (catalog.Ensure).
func Load(ctx context.Context, c *ent.Client) error {
	ctx = rule.SystemContext(ctx)
	n, err := c.Collective.Query().Where(collective.Name(units[0].name)).Count(ctx)
	if err != nil {
		return fmt.Errorf("check for demo records: %w", err)
	}
	if n > 0 {
		return ErrAlreadySeeded
	}
	tx, err := c.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin seed: %w", err)
	}
	l := &loader{c: tx.Client(), units: map[string]*ent.Collective{}, people: map[string]*ent.Individual{},
		movements: map[string]*ent.EmulationMovement{}, levels: map[string]*ent.AwardLevel{}}
	if err := l.load(ctx); err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("seed: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit seed: %w", err)
	}
	return nil
}

type loader struct {
	c         *ent.Client
	units     map[string]*ent.Collective
	people    map[string]*ent.Individual
	movements map[string]*ent.EmulationMovement
	levels    map[string]*ent.AwardLevel
}

func (l *loader) load(ctx context.Context) error {
	levels, err := l.c.AwardLevel.Query().Where(awardlevel.CodeIn(catalog.NationalBangKhen, catalog.CityCoThiDua,
		catalog.CityBangKhen, catalog.DistrictGiayKhen)).All(ctx)
	if err != nil {
		return fmt.Errorf("load award levels: %w", err)
	}
	for _, lv := range levels {
		l.levels[lv.Code] = lv
	}
	if len(l.levels) != 4 {
		return errors.New("the award catalogue is missing built-in levels")
	}
	for _, steps := range []func(context.Context) error{l.loadUnits, l.nameIssuers, l.loadPeople, l.loadMovements, l.loadA1, l.loadA3} {
		if err := steps(ctx); err != nil {
			return err
		}
	}
	return nil
}

// nameIssuers says which body gives the city's government levels: the kind alone would let
// the Sở give the UBND's Bằng khen.
func (l *loader) nameIssuers(ctx context.Context) error {
	for code, unit := range map[string]string{"CITY_PEOPLES_COMMITTEE_BANG_KHEN": "ubnd-hn", "CITY_NHA_GIAO_TAM_HUYET": "so-gddt-hn"} {
		if err := l.c.AwardLevel.Update().Where(awardlevel.Code(code)).AddIssuerIDs(l.units[unit].ID).Exec(ctx); err != nil {
			return fmt.Errorf("name the issuer of %s: %w", code, err)
		}
	}
	return nil
}

func (l *loader) loadUnits(ctx context.Context) error {
	all := append([]unit(nil), units...)
	for _, u := range hbtUnions {
		note := "Công đoàn cơ sở trực thuộc LĐLĐ quận Hai Bà Trưng."
		if !u.named {
			note = demoNote
		}
		all = append(all, unit{key: u.key, name: "Công đoàn " + u.school, kind: enum.KindGrassrootsUnion,
			tier: enum.TierGrassroots, parent: "ldld-hbt", ownership: "PUBLIC", note: note})
	}
	for _, u := range all {
		b := l.c.Collective.Create().SetName(u.name).SetKind(u.kind).SetTier(u.tier).SetNote(u.note)
		if u.short != "" {
			b.SetShortName(u.short)
		}
		if u.parent != "" {
			p, ok := l.units[u.parent]
			if !ok {
				return fmt.Errorf("unit %s: parent %s must come first", u.key, u.parent)
			}
			b.SetParent(p)
		}
		if u.ownership != "" {
			b.SetOwnership(collective.Ownership(u.ownership))
		}
		if u.founded != "" {
			b.SetFoundedOn(date(u.founded))
		}
		if u.dissolved != "" {
			b.SetDissolvedOn(date(u.dissolved))
		}
		created, err := b.Save(ctx)
		if err != nil {
			return fmt.Errorf("unit %s: %w", u.key, err)
		}
		l.units[u.key] = created
	}
	// A4: the merger and the split.
	links := map[string][]string{
		"cd-th-dainghia":   {"cd-thcs-th-dainghia"},
		"cd-thcs-dainghia": {"cd-thcs-th-dainghia"},
		"cd-mn-hoptien":    {"cd-mn-hoptien-a", "cd-mn-hoptien-b"},
	}
	for from, tos := range links {
		ids := make([]int, len(tos))
		for i, to := range tos {
			ids[i] = l.units[to].ID
		}
		if err := l.c.Collective.UpdateOne(l.units[from]).AddSuccessorIDs(ids...).Exec(ctx); err != nil {
			return fmt.Errorf("link successors of %s: %w", from, err)
		}
	}
	return nil
}

func (l *loader) loadPeople(ctx context.Context) error {
	for _, p := range append(append([]person(nil), people...), demoPeople...) {
		created, err := l.c.Individual.Create().SetFullName(p.name).SetGender(individual.Gender(p.gender)).Save(ctx)
		if err != nil {
			return fmt.Errorf("individual %s: %w", p.key, err)
		}
		l.people[p.key] = created
		for _, pos := range p.positions {
			b := l.c.Position.Create().SetTitle(pos.title).SetIndividual(created).
				SetCollective(l.units[pos.unit]).SetSource(pos.source)
			if pos.from != "" {
				b.SetStartDate(date(pos.from))
			}
			if err := b.Exec(ctx); err != nil {
				return fmt.Errorf("position of %s: %w", p.key, err)
			}
		}
	}
	return nil
}

func (l *loader) loadMovements(ctx context.Context) error {
	for _, m := range movements {
		b := l.c.EmulationMovement.Create().SetName(m.name).SetKind(emulationmovement.Kind(m.kind)).SetDescription(m.description)
		if m.launched != "" {
			b.SetLaunchedOn(date(m.launched))
		}
		if m.periodKind != "" {
			b.SetPeriodKind(m.periodKind).SetPeriodStartYear(m.start).SetPeriodEndYear(m.end)
		}
		for _, k := range m.launchers {
			b.AddLauncherIDs(l.units[k].ID)
		}
		created, err := b.Save(ctx)
		if err != nil {
			return fmt.Errorf("movement %s: %w", m.key, err)
		}
		l.movements[m.key] = created
	}
	return nil
}

// loadA1 records the Hai Bà Trưng ceremony of 30/8/2023 and its 35 awards: TLĐ Bằng khen
// 1 collective + 2 individuals, LĐLĐ TP Cờ thi đua 1 collective and Bằng khen 3 + 6,
// LĐLĐ quận Giấy khen 22 collectives. The article names none of the recipients, nor the
// decisions' numbers: those are demo records and say so.
func (l *loader) loadA1(ctx context.Context) error {
	cer, err := l.c.Ceremony.Create().
		SetName(A1CeremonyName).
		SetHeldOn(date("2023-08-30")).
		SetPartOfDay(ceremony.PartOfDayAFTERNOON).
		SetPlace("Quận Hai Bà Trưng, Hà Nội").
		SetOrganizer(l.units["ldld-hbt"]).
		SetPeriodKind(enum.PeriodSchoolYear).SetPeriodStartYear(2022).SetPeriodEndYear(2023).
		SetDescription("Tổng kết hoạt động công đoàn khối Giáo dục quận Hai Bà Trưng năm học 2022-2023; triển khai phương hướng năm học 2023-2024; biểu dương \"Sáng kiến, sáng tạo\" năm 2023.").
		Save(ctx)
	if err != nil {
		return fmt.Errorf("A1 ceremony: %w", err)
	}
	presenters := []struct{ who, role, what string }{
		{"khanh", "Phó Chủ tịch LĐLĐ thành phố Hà Nội", "Bằng khen của Tổng LĐLĐ Việt Nam; Cờ thi đua và Bằng khen của LĐLĐ Thành phố"},
		{"dung", "Chủ tịch LĐLĐ quận Hai Bà Trưng", "Giấy khen cho 22 tập thể; Giấy khen cho cá nhân có sáng kiến nổi bật"},
		{"ngoc", "Phó Trưởng Ban Dân vận Quận ủy Hai Bà Trưng", "Giấy khen cho 22 tập thể"},
	}
	for _, p := range presenters {
		if err := l.c.CeremonyPresenter.Create().SetCeremony(cer).SetIndividual(l.people[p.who]).
			SetRole(p.role).SetPresented(p.what).Exec(ctx); err != nil {
			return fmt.Errorf("A1 presenter %s: %w", p.who, err)
		}
	}
	decisions := map[string]*ent.Decision{}
	for _, d := range []struct{ key, number, issuer, signer string }{
		{catalog.NationalBangKhen, "DEMO-01/QĐ-TLĐ", "tld", "Đoàn Chủ tịch Tổng LĐLĐ Việt Nam"},
		{catalog.CityCoThiDua, "DEMO-02/QĐ-LĐLĐ", "ldld-hn", "Ban Thường vụ LĐLĐ thành phố Hà Nội"},
		{catalog.CityBangKhen, "DEMO-03/QĐ-LĐLĐ", "ldld-hn", "Ban Thường vụ LĐLĐ thành phố Hà Nội"},
		{catalog.DistrictGiayKhen, "DEMO-04/QĐ-LĐLĐ", "ldld-hbt", "Ban Thường vụ LĐLĐ quận Hai Bà Trưng"},
	} {
		created, err := l.c.Decision.Create().SetNumber(d.number).SetIssuer(l.units[d.issuer]).
			SetSignerTitle(d.signer).
			SetNote("Quyết định minh hoạ (demo): bài viết không nêu số, ngày ký và người ký.").
			Save(ctx)
		if err != nil {
			return fmt.Errorf("A1 decision %s: %w", d.number, err)
		}
		decisions[d.key] = created
	}
	// Collective recipients, in the order the article lists the awards.
	collectives := make([]string, 0, len(hbtUnions))
	for _, u := range hbtUnions {
		collectives = append(collectives, u.key)
	}
	batches := []struct {
		level       string
		collectives int
		individuals []string
		citation    string
	}{
		{catalog.NationalBangKhen, 1, []string{"a1-n1", "a1-n2"}, "Đã có thành tích xuất sắc trong hoạt động công đoàn khối Giáo dục năm học 2022-2023."},
		{catalog.CityCoThiDua, 1, nil, "Cờ thi đua xuất sắc: hoàn thành xuất sắc nhiệm vụ năm học 2022-2023."},
		{catalog.CityBangKhen, 3, []string{"a1-c1", "a1-c2", "a1-c3", "a1-c4", "a1-c5", "a1-c6"}, "Đã có thành tích xuất sắc trong hoạt động công đoàn năm học 2022-2023."},
		{catalog.DistrictGiayKhen, 22, nil, "Đã có thành tích trong hoạt động công đoàn khối Giáo dục năm học 2022-2023."},
	}
	next := 0
	for _, b := range batches {
		for i := 0; i < b.collectives; i++ {
			u := l.units[collectives[next]]
			next++
			if err := l.award(b.level, cer, decisions[b.level], enum.PeriodSchoolYear, 2022, 2023, b.citation+" "+demoNote).
				SetRecipientKind(enum.RecipientCollective).SetCollective(u).
				SetRecipientUnit("LĐLĐ quận Hai Bà Trưng").Exec(ctx); err != nil {
				return fmt.Errorf("A1 award %s to %s: %w", b.level, u.Name, err)
			}
		}
		for _, key := range b.individuals {
			if err := l.individualAward(b.level, cer, decisions[b.level], key, enum.PeriodSchoolYear, 2022, 2023, b.citation+" "+demoNote).Exec(ctx); err != nil {
				return fmt.Errorf("A1 award %s to %s: %w", b.level, key, err)
			}
		}
	}
	return nil
}

// loadA3 records what A3 reports as events: the TLĐ Bằng khen Phạm Bá Vĩnh presented to 4
// individuals at an unnamed, undated event, and the city Cờ thi đua of 2022 for the union of
// Trường Mầm non B thị trấn Văn Điển. Its multi-year totals are not events.
func (l *loader) loadA3(ctx context.Context) error {
	cer, err := l.c.Ceremony.Create().
		SetName("Hội nghị công đoàn khối Giáo dục huyện Thanh Trì").
		SetOrganizer(l.units["ldld-thanhtri"]).
		SetDescription("Bài viết không nêu tên và ngày của sự kiện.").
		Save(ctx)
	if err != nil {
		return fmt.Errorf("A3 ceremony: %w", err)
	}
	if err := l.c.CeremonyPresenter.Create().SetCeremony(cer).SetIndividual(l.people["vinh"]).
		SetRole("Phó Chủ tịch LĐLĐ thành phố Hà Nội").SetPresented("Bằng khen của Tổng LĐLĐ Việt Nam cho 4 cá nhân").Exec(ctx); err != nil {
		return fmt.Errorf("A3 presenter: %w", err)
	}
	for _, key := range []string{"a3-n1", "a3-n2", "a3-n3", "a3-n4"} {
		err := l.individualAward(catalog.NationalBangKhen, cer, nil, key, "", 0, 0,
			"Có thành tích xuất sắc trong phong trào thi đua lao động giỏi và xây dựng tổ chức Công đoàn vững mạnh. "+demoNote).
			SetMovement(l.movements["a3-ldg"]).Exec(ctx)
		if err != nil {
			return fmt.Errorf("A3 award to %s: %w", key, err)
		}
	}
	err = l.award(catalog.CityCoThiDua, nil, nil, enum.PeriodCalendarYear, 2022, 2022,
		"Công đoàn Trường Mầm non B thị trấn Văn Điển được LĐLĐ Thành phố tặng Cờ thi đua năm 2022 (bài A3).").
		SetRecipientKind(enum.RecipientCollective).SetCollective(l.units["cd-mnb-vandien"]).
		SetRecipientUnit("LĐLĐ huyện Thanh Trì").Exec(ctx)
	if err != nil {
		return fmt.Errorf("A3 Cờ thi đua: %w", err)
	}
	return nil
}

func (l *loader) award(level string, cer *ent.Ceremony, dec *ent.Decision, kind enum.PeriodKind, start, end int, citation string) *ent.AwardCreate {
	b := l.c.Award.Create().SetLevel(l.levels[level]).SetCitation(citation)
	if cer != nil {
		b.SetCeremony(cer)
	}
	if dec != nil {
		b.SetDecision(dec)
	}
	if kind != "" {
		b.SetPeriodKind(kind).SetPeriodStartYear(start).SetPeriodEndYear(end)
	}
	return b
}

func (l *loader) individualAward(level string, cer *ent.Ceremony, dec *ent.Decision, key string, kind enum.PeriodKind, start, end int, citation string) *ent.AwardCreate {
	var pos post
	for _, p := range demoPeople {
		if p.key == key {
			pos = p.positions[0]
		}
	}
	return l.award(level, cer, dec, kind, start, end, citation).
		SetRecipientKind(enum.RecipientIndividual).SetIndividual(l.people[key]).
		SetRecipientPosition(pos.title).SetRecipientUnit(l.units[pos.unit].Name)
}

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(fmt.Sprintf("seed date %q: %v", s, err))
	}
	return t
}

// DemoUser is one account of the embedded demo.
type DemoUser struct {
	Email, Name, Role, Scope string
}

// DemoUsersList lists the demo accounts and the unit each works for.
var DemoUsersList = []DemoUser{
	{"admin@demo.vinhdanh.vn", "Quản trị hệ thống (demo)", "ADMIN", ""},
	{"staff.hanoi@demo.vinhdanh.vn", "Cán bộ LĐLĐ thành phố Hà Nội (demo)", "STAFF", "Liên đoàn Lao động thành phố Hà Nội"},
	{"staff.haibatrung@demo.vinhdanh.vn", "Cán bộ LĐLĐ quận Hai Bà Trưng (demo)", "STAFF", "Liên đoàn Lao động quận Hai Bà Trưng"},
	{"staff.thanhtri@demo.vinhdanh.vn", "Cán bộ LĐLĐ huyện Thanh Trì (demo)", "STAFF", "Liên đoàn Lao động huyện Thanh Trì"},
	{"staff.school@demo.vinhdanh.vn", "Cán bộ Công đoàn Trường Tiểu học Tô Hoàng (demo)", "STAFF", "Công đoàn Trường Tiểu học Tô Hoàng"},
}

// DemoUsers creates the demo accounts, all with password. Never called implicitly on MySQL.
func DemoUsers(ctx context.Context, c *ent.Client, password string) error {
	ctx = rule.SystemContext(ctx)
	for _, u := range DemoUsersList {
		in := ent.CreateUserInput{Email: u.Email, DisplayName: u.Name, Role: user.Role(u.Role)}
		if u.Scope != "" {
			id, err := c.Collective.Query().Where(collective.Name(u.Scope)).OnlyID(ctx)
			if err != nil {
				return fmt.Errorf("demo user %s: scope %s: %w", u.Email, u.Scope, err)
			}
			in.ScopeID = &id
		}
		if _, err := auth.CreateUser(ctx, c, in, password); err != nil {
			return fmt.Errorf("demo user %s: %w", u.Email, err)
		}
	}
	return nil
}
