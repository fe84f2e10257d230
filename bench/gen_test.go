package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"vinhdanh/ent/award"
	"vinhdanh/ent/individual"
	"vinhdanh/ent/listedaward"
	"vinhdanh/ent/position"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/honorroll"
	"vinhdanh/internal/period"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/store"
	"vinhdanh/internal/tree"
)

// TestGenerate builds a small national dataset on every database and checks it is what the
// product itself would have written: as many awards as asked, the same dataset for the same
// seed, one valid award per key, every decided award inside its issuer, derived columns set.
func TestGenerate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		ctx := context.Background()
		n, err := Generate(ctx, targetURL(t, target), 3000, 7, t.Logf)
		if err != nil {
			t.Fatal(err)
		}
		db, err := store.Open(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		sys := rule.SystemContext(ctx)
		c := db.Client
		if got := c.Award.Query().CountX(sys); got != n || n != 3000 {
			t.Errorf("%d awards written, %d reported, want 3000", got, n)
		}
		var dup int
		if err := db.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT active_key FROM awards WHERE active_key IS NOT NULL
			GROUP BY active_key HAVING COUNT(*) > 1) d`).Scan(&dup); err != nil || dup != 0 {
			t.Errorf("duplicate award keys: %d (%v)", dup, err)
		}
		if missing := c.Award.Query().Where(award.Or(award.RollKeyIsNil(), award.PeriodFromIsNil())).CountX(sys); missing > 0 {
			t.Errorf("%d awards without derived columns", missing)
		}
		for _, a := range c.Award.Query().Where(award.DecisionIDNotNil()).WithDecision().Limit(200).AllX(sys) {
			nominee := tree.Nominee{Kind: a.RecipientKind, Period: period.Of(a.PeriodKind, a.PeriodStartYear, a.PeriodEndYear)}
			if a.CollectiveID != nil {
				nominee.CollectiveID = *a.CollectiveID
			} else {
				nominee.IndividualID = *a.IndividualID
			}
			if ok, err := tree.Covers(sys, c, a.Edges.Decision.IssuerID, nominee); err != nil || !ok {
				t.Errorf("award %d lies outside its issuer %d (%v)", a.ID, a.Edges.Decision.IssuerID, err)
			}
		}
		// Every public award to a person filed under each unit of the person's posts, as the
		// hooks file it, with the award's roll columns.
		var filed, due, matching int
		for query, into := range map[string]*int{
			`SELECT COUNT(*) FROM posted_awards`: &filed,
			`SELECT COUNT(*) FROM (SELECT DISTINCT a.id, p.collective_id FROM awards a JOIN positions p ON p.individual_id = a.individual_id
				WHERE a.public = TRUE AND a.revoked_at IS NULL) d`: &due,
			`SELECT COUNT(*) FROM posted_awards f JOIN awards a ON a.id = f.award_id AND a.individual_id = f.individual_id
				AND a.level_id = f.level_id AND a.roll_key = f.roll_key AND a.period_start_year = f.period_start_year
				WHERE a.public = TRUE AND a.revoked_at IS NULL
				AND EXISTS (SELECT 1 FROM positions p WHERE p.individual_id = a.individual_id AND p.collective_id = f.collective_id)`: &matching,
		} {
			if err := db.SQL.QueryRowContext(ctx, query).Scan(into); err != nil {
				t.Fatal(err)
			}
		}
		if filed == 0 || filed != due || matching != due {
			t.Errorf("posted awards: %d filed, %d due, %d matching an award and a post", filed, due, matching)
		}
		// Each unit's school-year roll, with its descendants, listed as the roll defines it: the
		// public awards of the units under it that year and of the people posted there.
		listed := 0
		for _, u := range c.Collective.Query().IDsX(sys) {
			per := period.Period{Kind: enum.PeriodSchoolYear, StartYear: 2022, EndYear: 2023}
			units, err := tree.SubtreeDuring(sys, c, u, tree.During(&per))
			if err != nil {
				t.Fatal(err)
			}
			want := c.Award.Query().Where(award.Public(true), award.RevokedAtIsNil(), award.PeriodStartYear(2022), award.PeriodKindEQ(enum.PeriodSchoolYear),
				award.Or(award.CollectiveIDIn(units...), award.HasIndividualWith(individual.HasPositionsWith(position.CollectiveIDIn(units...))))).
				Order(award.ByID()).IDsX(sys)
			got := c.ListedAward.Query().Where(listedaward.CollectiveID(u), listedaward.PeriodStartYear(2022), listedaward.PeriodKindEQ(enum.PeriodSchoolYear)).
				Order(listedaward.ByAwardID()).Select(listedaward.FieldAwardID).IntsX(sys)
			if !slices.Equal(got, want) {
				t.Errorf("unit %d: %d awards listed for 2022-2023, its roll holds %d", u, len(got), len(want))
			}
			listed += len(got)
		}
		if listed == 0 {
			t.Error("nothing listed for 2022-2023")
		}
		if c.SearchTerm.Query().CountX(sys) == 0 || c.TreePath.Query().CountX(sys) == 0 {
			t.Error("no search terms or tree paths")
		}
	})
}

// generated starts the product and the raw baseline over a small generated dataset (4,000
// awards of the seed) and picks its rolls.
func generated(t *testing.T, target store.Target, seed uint64) (*servers, []roll) {
	t.Helper()
	ctx := context.Background()
	url := targetURL(t, target)
	if _, err := Generate(ctx, url, 4000, seed, t.Logf); err != nil {
		t.Fatal(err)
	}
	s, err := start(ctx, url, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	rolls, err := pickRolls(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	return s, rolls
}

// targetURL is the DATABASE_URL of a test database.
func targetURL(t *testing.T, target store.Target) string {
	if target.Embedded() {
		return target.String()
	}
	return dbtest.URL()
}

// TestGenerateIsDeterministic: the same seed gives the same dataset.
func TestGenerateIsDeterministic(t *testing.T) {
	ctx := context.Background()
	digest := func(seed uint64) string {
		target := dbtest.SQLite(t)
		if _, err := Generate(ctx, target.String(), 1000, seed, t.Logf); err != nil {
			t.Fatal(err)
		}
		db, err := store.Open(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		h := sha256.New()
		rows, err := db.SQL.QueryContext(ctx, `SELECT id, recipient_name, level_id, period_start_year, public FROM awards ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var id, level, year int
			var name string
			var public bool
			_ = rows.Scan(&id, &name, &level, &year, &public)
			fmt.Fprintln(h, id, name, level, year, public)
		}
		return hex.EncodeToString(h.Sum(nil))
	}
	if a, b := digest(3), digest(3); a != b {
		t.Errorf("seed 3 gave two datasets: %s, %s", a, b)
	}
	if a, b := digest(3), digest(4); a == b {
		t.Error("seeds 3 and 4 gave the same dataset")
	}
}

// TestRawIsTheSameRoll: the raw baseline answers the widget's query byte for byte as the
// product does, for a school, a district, a city and the whole country, with and without a
// school year, and for both of the product's plans.
func TestRawIsTheSameRoll(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		s, rolls := generated(t, target, 11)
		defer func(n int) { honorroll.ManyUnits = n }(honorroll.ManyUnits)
		for _, many := range []int{honorroll.ManyUnits, 0} { // both plans
			honorroll.ManyUnits = many
			checkRolls(t, s, rolls)
		}
	})
}

func checkRolls(t *testing.T, s *servers, rolls []roll) {
	{
		for _, r := range rolls {
			for _, year := range []int{0, 2022} {
				r.year = year
				product, err := get(http.DefaultClient, r.productURL(s.product.URL, 50))
				if err != nil {
					t.Fatal(err)
				}
				base, err := get(http.DefaultClient, r.rawURL(s.raw.URL, 50))
				if err != nil {
					t.Fatal(err)
				}
				if product != base || !strings.Contains(base, `"edges":[{`) {
					t.Errorf("%s %d (plan from %d units):\nproduct %.300s\nraw     %.300s", r.name, year, honorroll.ManyUnits, product, base)
				}
			}
		}
	}
}

// TestRawReadsAgree: the raw baselines of the other reads answer what the product answers
// (the review queue: the same nominations; search is unranked, so only its size is compared).
func TestRawReadsAgree(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		ctx := context.Background()
		s, rolls := generated(t, target, 13)
		reads, err := pickReads(ctx, s, rolls)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range reads {
			t.Run(r.name, func(t *testing.T) {
				product, err := do(http.DefaultClient, r.product(s.product.URL))
				if err != nil {
					t.Fatal(err)
				}
				base, err := get(http.DefaultClient, s.raw.URL+r.raw)
				if err != nil {
					t.Fatal(err)
				}
				var p, b any
				if err := json.Unmarshal([]byte(product), &p); err != nil {
					t.Fatal(err)
				}
				if err := json.Unmarshal([]byte(base), &b); err != nil {
					t.Fatal(err)
				}
				switch {
				case strings.HasPrefix(r.name, "review queue"):
					p, b = ids(p), ids(b)
				case strings.HasPrefix(r.name, "search"):
					p, b = len(p.(map[string]any)["data"].(map[string]any)["search"].([]any)), len(b.(map[string]any)["data"].(map[string]any)["search"].([]any))
				}
				if !reflect.DeepEqual(p, b) || strings.Count(product, "{") < 4 {
					t.Errorf("product %.600s\nraw     %.600s", product, base)
				}
			})
		}
	})
}

// ids are the node ids of a connection's page, wherever it is in the answer.
func ids(v any) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if n, ok := v["node"].(map[string]any); ok {
				out = append(out, n["id"].(string))
				return
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	return out
}
