package schema_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"vinhdanh/ent"
	"vinhdanh/ent/awardlevel"
	"vinhdanh/internal/apperr"
	"vinhdanh/internal/catalog"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/store"
)

type fixture struct {
	db         *store.DB
	c          *ent.Client
	union      *ent.Collective
	federation *ent.Collective
	teacher    *ent.Individual
	level      map[string]int
}

func newFixture(t *testing.T, target store.Target) *fixture {
	t.Helper()
	ctx := rule.SystemContext(context.Background())
	db := dbtest.Open(t, target)
	if err := catalog.Ensure(ctx, db.Client); err != nil {
		t.Fatal(err)
	}
	c := db.Client
	fed := c.Collective.Create().SetName("Liên đoàn Lao động quận Hai Bà Trưng").SetKind(enum.KindDistrictFederation).SetTier(enum.TierDistrict).SaveX(ctx)
	union := c.Collective.Create().SetName("Công đoàn Trường Tiểu học Tô Hoàng").SetKind(enum.KindGrassrootsUnion).SetTier(enum.TierGrassroots).SetParent(fed).SaveX(ctx)
	teacher := c.Individual.Create().SetFullName("Lê Thị Thu Trang").SaveX(ctx)
	levels := map[string]int{}
	for _, l := range c.AwardLevel.Query().AllX(ctx) {
		levels[l.Code] = l.ID
	}
	return &fixture{db: db, c: c, union: union, federation: fed, teacher: teacher, level: levels}
}

// counts returns the number of rows of the tables a failed write might have touched.
func (f *fixture) counts(t *testing.T) [4]int {
	ctx := rule.SystemContext(context.Background())
	return [4]int{
		f.c.Award.Query().CountX(ctx),
		f.c.Decision.Query().CountX(ctx),
		f.c.Nomination.Query().CountX(ctx),
		f.c.Collective.Query().CountX(ctx),
	}
}

func TestAwardInvariants(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		f := newFixture(t, target)
		ctx := rule.SystemContext(context.Background())
		before := f.counts(t)
		tests := []struct {
			name  string
			build func() error
			field string
		}{
			{"two recipients", func() error {
				return f.c.Award.Create().SetRecipientKind(enum.RecipientCollective).SetCollective(f.union).SetIndividual(f.teacher).
					SetLevelID(f.level[catalog.DistrictGiayKhen]).Exec(ctx)
			}, "recipient"},
			{"no recipient", func() error {
				return f.c.Award.Create().SetRecipientKind(enum.RecipientIndividual).SetLevelID(f.level[catalog.DistrictGiayKhen]).Exec(ctx)
			}, "individualID"},
			{"kind disagrees with recipient", func() error {
				return f.c.Award.Create().SetRecipientKind(enum.RecipientIndividual).SetCollective(f.union).
					SetLevelID(f.level[catalog.DistrictGiayKhen]).Exec(ctx)
			}, "individualID"},
			{"level not given to individuals", func() error {
				return f.c.Award.Create().SetRecipientKind(enum.RecipientIndividual).SetIndividual(f.teacher).
					SetLevelID(f.level[catalog.CityCoThiDua]).Exec(ctx)
			}, "level"},
			{"unknown level", func() error {
				return f.c.Award.Create().SetRecipientKind(enum.RecipientIndividual).SetIndividual(f.teacher).SetLevelID(12345).Exec(ctx)
			}, "level"},
			{"half a period", func() error {
				return f.c.Award.Create().SetRecipientKind(enum.RecipientIndividual).SetIndividual(f.teacher).
					SetLevelID(f.level[catalog.DistrictGiayKhen]).SetPeriodKind(enum.PeriodSchoolYear).Exec(ctx)
			}, "period"},
			{"school year of three years", func() error {
				return f.c.Award.Create().SetRecipientKind(enum.RecipientIndividual).SetIndividual(f.teacher).
					SetLevelID(f.level[catalog.DistrictGiayKhen]).
					SetPeriodKind(enum.PeriodSchoolYear).SetPeriodStartYear(2022).SetPeriodEndYear(2024).Exec(ctx)
			}, "period"},
			{"nomination with two nominees", func() error {
				return f.c.Nomination.Create().SetRecipientKind(enum.RecipientIndividual).SetIndividual(f.teacher).SetCollective(f.union).
					SetLevelID(f.level[catalog.DistrictGiayKhen]).SetProposer(f.union).Exec(ctx)
			}, "recipient"},
			{"nomination with none", func() error {
				return f.c.Nomination.Create().SetRecipientKind(enum.RecipientCollective).
					SetLevelID(f.level[catalog.DistrictGiayKhen]).SetProposer(f.union).Exec(ctx)
			}, "collectiveID"},
		}
		for _, tt := range tests {
			err := tt.build()
			e, ok := apperr.As(err)
			if !ok || e.Code != apperr.BadUserInput || e.Field != tt.field {
				t.Errorf("%s: err = %v, want BAD_USER_INPUT on %s", tt.name, err, tt.field)
			}
		}
		if after := f.counts(t); after != before {
			t.Errorf("rows changed by rejected writes: %v -> %v", before, after)
		}

		// A valid award takes the recipient's name as its snapshot.
		a, err := f.c.Award.Create().SetRecipientKind(enum.RecipientIndividual).SetIndividual(f.teacher).
			SetLevelID(f.level[catalog.DistrictGiayKhen]).
			SetPeriodKind(enum.PeriodSchoolYear).SetPeriodStartYear(2022).SetPeriodEndYear(2023).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if a.RecipientName != "Lê Thị Thu Trang" {
			t.Errorf("snapshot name = %q", a.RecipientName)
		}
		// Changing the level re-checks the recipient kind.
		err = f.c.Award.UpdateOne(a).SetLevelID(f.level[catalog.CityCoThiDua]).Exec(ctx)
		if e, ok := apperr.As(err); !ok || e.Field != "level" {
			t.Errorf("moving an individual's award to a collective-only level: %v", err)
		}
	})
}

// TestDatabaseConstraints bypasses ent and writes SQL directly: the database itself refuses
// an award with two recipients and a second decision with the same number from one issuer.
func TestDatabaseConstraints(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		f := newFixture(t, target)
		ctx := rule.SystemContext(context.Background())
		now := time.Now().UTC().Format("2006-01-02 15:04:05")
		_, err := f.db.SQL.ExecContext(ctx, `INSERT INTO awards (recipient_kind, collective_id, individual_id, level_id, recipient_name, public, create_time, update_time)
			VALUES ('COLLECTIVE', ?, ?, ?, 'x', true, ?, ?)`, f.union.ID, f.teacher.ID, f.level[catalog.DistrictGiayKhen], now, now)
		if err == nil || !strings.Contains(strings.ToLower(err.Error()), "check") && !strings.Contains(err.Error(), "CONSTRAINT") {
			t.Errorf("raw insert of an award with two recipients: %v, want a CHECK violation", err)
		}
		_, err = f.db.SQL.ExecContext(ctx, `INSERT INTO awards (recipient_kind, level_id, recipient_name, public, create_time, update_time)
			VALUES ('INDIVIDUAL', ?, 'x', true, ?, ?)`, f.level[catalog.DistrictGiayKhen], now, now)
		if err == nil {
			t.Error("raw insert of an award with no recipient succeeded")
		}

		d := f.c.Decision.Create().SetNumber("163/QĐ-LĐLĐ").SetIssuer(f.federation)
		if err := d.Exec(ctx); err != nil {
			t.Fatal(err)
		}
		err = f.c.Decision.Create().SetNumber("163/QĐ-LĐLĐ").SetIssuer(f.federation).Exec(ctx)
		if !ent.IsConstraintError(err) {
			t.Errorf("second decision 163/QĐ-LĐLĐ of one issuer: %v, want a constraint error", err)
		}
		// The same number from another issuer, or a number differing only in diacritics, is fine.
		if err := f.c.Decision.Create().SetNumber("163/QĐ-LĐLĐ").SetIssuer(f.union).Exec(ctx); err != nil {
			t.Errorf("same number from another issuer: %v", err)
		}
		if err := f.c.Decision.Create().SetNumber("163/QD-LDLD").SetIssuer(f.federation).Exec(ctx); err != nil {
			t.Errorf("163/QD-LDLD next to 163/QĐ-LĐLĐ: %v", err)
		}
		// A ceremony needs an organiser that exists.
		err = f.c.Ceremony.Create().SetName("Hội nghị").SetOrganizerID(987654).Exec(ctx)
		if err == nil {
			t.Error("ceremony with a missing organiser was saved")
		}
	})
}

func TestTextIsStoredInNFC(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		f := newFixture(t, target)
		ctx := rule.SystemContext(context.Background())
		decomposed := "Nguye\u0302\u0303n  Thi\u0323 Hu\u031bo\u031b\u0301ng " // "Nguyễn Thị Hướng", decomposed, with stray spaces
		p := f.c.Individual.Create().SetFullName(decomposed).SaveX(ctx)
		got := f.c.Individual.GetX(ctx, p.ID).FullName
		if got != "Nguyễn Thị Hướng" {
			t.Errorf("stored %q (% x), want NFC %q", got, got, "Nguyễn Thị Hướng")
		}
	})
}

func TestCatalogue(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		f := newFixture(t, target)
		ctx := rule.SystemContext(context.Background())
		for _, code := range []string{catalog.DistrictGiayKhen, catalog.CityBangKhen, catalog.CityCoThiDua, catalog.NationalBangKhen} {
			if _, ok := f.level[code]; !ok {
				t.Errorf("built-in level %s is missing", code)
			}
		}
		// Ensure is idempotent and keeps an operator's edits.
		f.c.AwardLevel.UpdateOneID(f.level[catalog.CityBangKhen]).SetName("Bằng khen LĐLĐ TP (đã sửa)").ExecX(ctx)
		if err := catalog.Ensure(ctx, f.c); err != nil {
			t.Fatal(err)
		}
		if n := f.c.AwardLevel.Query().CountX(ctx); n != len(catalog.Levels) {
			t.Errorf("%d levels after a second Ensure, want %d", n, len(catalog.Levels))
		}
		if name := f.c.AwardLevel.Query().Where(awardlevel.Code(catalog.CityBangKhen)).OnlyX(ctx).Name; name != "Bằng khen LĐLĐ TP (đã sửa)" {
			t.Errorf("Ensure overwrote an edit: %q", name)
		}
		if f.db.Target.Dialect == dialect.MySQL {
			// Every text column compares exactly, as on SQLite: a tone-insensitive collation
			// would make the same filter return other people on MySQL.
			rows, err := f.db.SQL.QueryContext(ctx, `SELECT TABLE_NAME, COLUMN_NAME, COLLATION_NAME FROM information_schema.COLUMNS
				WHERE TABLE_SCHEMA = DATABASE() AND COLLATION_NAME IS NOT NULL AND COLLATION_NAME <> 'utf8mb4_bin'`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var table, column, collation string
				if err := rows.Scan(&table, &column, &collation); err != nil {
					t.Fatal(err)
				}
				t.Errorf("%s.%s has collation %s, want utf8mb4_bin", table, column, collation)
			}
		}
	})
}
