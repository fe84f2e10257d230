package app_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"golang.org/x/text/unicode/norm"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"vinhdanh/ent/award"
	"vinhdanh/ent/awardlevel"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/honorroll"
	"vinhdanh/internal/httpserver"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/seed"
	"vinhdanh/internal/store"
	"vinhdanh/internal/textfold"
)

type rollEntry struct {
	ID            string
	RecipientName string
	RecipientKind string
	Level         struct {
		Code string
		Rank int
	}
}

const rollQuery = `query($c: ID!, $d: Boolean, $p: String, $l: [String!], $first: Int, $after: Cursor) {
	honorRoll(collectiveID: $c, includeDescendants: $d, period: $p, levels: $l, first: $first, after: $after) {
		totalCount pageInfo { hasNextPage endCursor }
		edges { node { id recipientName recipientKind level { code rank } } } } }`

func (s *server) roll(vars map[string]any) (total int, entries []rollEntry, next *string) {
	s.t.Helper()
	var out struct {
		HonorRoll struct {
			TotalCount int
			PageInfo   struct {
				HasNextPage bool
				EndCursor   *string
			}
			Edges []struct{ Node rollEntry }
		}
	}
	s.query(rollQuery, vars, &out)
	for _, e := range out.HonorRoll.Edges {
		entries = append(entries, e.Node)
	}
	if out.HonorRoll.PageInfo.HasNextPage {
		next = out.HonorRoll.PageInfo.EndCursor
	}
	return out.HonorRoll.TotalCount, entries, next
}

func TestHonorRoll(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		hbtID := s.collectiveID(hbt)
		total, all, _ := s.roll(map[string]any{"c": hbtID, "first": 200})
		if total != 35 || len(all) != 35 {
			t.Fatalf("Hai Bà Trưng roll: %d of %d, want the 35 awards of A1", len(all), total)
		}
		// Highest level first; within a level, Vietnamese order of names (people by given name).
		sorted := slices.Clone(all)
		sort.SliceStable(sorted, func(i, j int) bool {
			a, b := sorted[i], sorted[j]
			if a.Level.Rank != b.Level.Rank {
				return a.Level.Rank > b.Level.Rank
			}
			return textfold.SortKey(a.RecipientName, a.RecipientKind == "INDIVIDUAL") < textfold.SortKey(b.RecipientName, b.RecipientKind == "INDIVIDUAL")
		})
		if !slices.EqualFunc(all, sorted, func(a, b rollEntry) bool { return a.ID == b.ID }) {
			t.Errorf("roll order:\n%v\nwant\n%v", names(all), names(sorted))
		}
		if all[0].Level.Code != "NATIONAL_BANG_KHEN" || all[len(all)-1].Level.Code != "DISTRICT_GIAY_KHEN" {
			t.Errorf("first %s, last %s", all[0].Level.Code, all[len(all)-1].Level.Code)
		}

		// Keyset pages of 6 walk the same roll.
		var walked []rollEntry
		var after any
		for range 20 {
			_, page, next := s.roll(map[string]any{"c": hbtID, "first": 6, "after": after})
			walked = append(walked, page...)
			if next == nil {
				break
			}
			after = *next
		}
		if !slices.EqualFunc(all, walked, func(a, b rollEntry) bool { return a.ID == b.ID }) {
			t.Errorf("paging in sixes gives %d entries in another order", len(walked))
		}

		count := func(vars map[string]any) int {
			total, _, _ := s.roll(vars)
			return total
		}
		school := s.collectiveID(schoolUnion)
		thanhTri := s.collectiveID("Liên đoàn Lao động huyện Thanh Trì")
		for _, tt := range []struct {
			name string
			vars map[string]any
			want int
		}{
			{"the federation alone", map[string]any{"c": hbtID, "d": false}, 0},
			{"a school union and its people", map[string]any{"c": school}, 2},
			{"levels", map[string]any{"c": hbtID, "l": []string{"CITY_BANG_KHEN", "NATIONAL_BANG_KHEN"}}, 12},
			{"school year", map[string]any{"c": hbtID, "p": "2022-2023"}, 35},
			{"another school year", map[string]any{"c": hbtID, "p": "2023-2024"}, 0},
			{"calendar year 2022 in Thanh Trì", map[string]any{"c": thanhTri, "p": "2022"}, 1},
			{"everything in Thanh Trì", map[string]any{"c": thanhTri}, 5},
		} {
			if got := count(tt.vars); got != tt.want {
				t.Errorf("%s: %d awards, want %d", tt.name, got, tt.want)
			}
		}

		// Uncounted, a page's ids are found another way (people's awards through
		// posted_awards): the same roll in the same order, each award once, also for a person
		// posted in two of its units.
		uncounted := strings.Replace(rollQuery, "totalCount ", "", 1)
		walk := func() []string {
			var ids []string
			var after any
			for range 20 {
				var out struct {
					HonorRoll struct {
						PageInfo struct {
							HasNextPage bool
							EndCursor   *string
						}
						Edges []struct{ Node rollEntry }
					}
				}
				s.query(uncounted, map[string]any{"c": hbtID, "first": 6, "after": after}, &out)
				for _, e := range out.HonorRoll.Edges {
					ids = append(ids, e.Node.ID)
				}
				if !out.HonorRoll.PageInfo.HasNextPage {
					break
				}
				after = *out.HonorRoll.PageInfo.EndCursor
			}
			return ids
		}
		want := make([]string, len(all))
		for i, e := range all {
			want[i] = e.ID
		}
		if got := walk(); !slices.Equal(got, want) {
			t.Errorf("uncounted pages: %v, want %v", got, want)
		}
		sys := rule.SystemContext(context.Background())
		i := slices.IndexFunc(all, func(e rollEntry) bool { return e.RecipientKind == "INDIVIDUAL" })
		person := *s.db.Client.Award.GetX(sys, mustID(t, all[i].ID)).IndividualID
		s.db.Client.Position.Create().SetIndividualID(person).SetCollectiveID(mustID(t, hbtID)).
			SetTitle("Ủy viên Ban Chấp hành").ExecX(sys)
		if got := walk(); !slices.Equal(got, want) {
			t.Errorf("uncounted pages, %s posted in two of its units: %v, want %v", all[i].RecipientName, got, want)
		}

		// Private and revoked awards never appear, whoever asks.
		ctx := rule.SystemContext(context.Background())
		s.db.Client.Award.Update().Where(award.RecipientName("Đặng Văn Đức")).SetPublic(false).ExecX(ctx)
		s.db.Client.Award.Update().Where(award.RecipientName("Lê Thị Thu Trang")).SetRevokedAt(time.Now()).SetRevocationReason("Hồ sơ không trung thực").ExecX(ctx)
		for who, c := range map[string]*server{"anonymous": s, "staff": s.as("staff.haibatrung@demo.vinhdanh.vn")} {
			if got, _, _ := c.roll(map[string]any{"c": hbtID}); got != 33 {
				t.Errorf("%s: %d awards after hiding one and revoking one, want 33", who, got)
			}
		}

		for _, tt := range []struct{ vars map[string]any }{
			{map[string]any{"c": hbtID, "p": "2022-2024"}},
			{map[string]any{"c": hbtID, "first": 500}},
		} {
			if e := s.fail(rollQuery, tt.vars); e.code() != "BAD_USER_INPUT" {
				t.Errorf("%v: %s", tt.vars, e.code())
			}
		}
		if e := s.fail(rollQuery, map[string]any{"c": "999999"}); e.code() != "NOT_FOUND" {
			t.Errorf("unknown collective: %s", e.code())
		}
	})
}

func names(entries []rollEntry) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.Level.Code + ":" + e.RecipientName
	}
	return out
}

// TestAnonymousCallers: what an anonymous caller may ask, and what must fail.
func TestAnonymousCallers(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		if _, err := s.db.SQL.Exec("UPDATE individuals SET birth_year = 1979"); err != nil {
			t.Fatal(err)
		}
		hbtID := s.collectiveID(hbt)
		for _, tt := range []struct {
			query string
			code  string // "" when it must succeed
		}{
			{`query($c: ID!) { honorRoll(collectiveID: $c) { edges { node { recipientName recipientUnit period level { name } decision { number signedOn issuer { name } } ceremony { name heldOn } } } } }`, ""},
			{`query($c: ID!) { honorRoll(collectiveID: $c) { edges { node { individual { fullName positions { edges { node { title } } } } } } } }`, ""},
			{`query($c: ID!) { honorRoll(collectiveID: $c) { edges { node { individual { birthYear } } } } }`, "UNAUTHENTICATED"},
			{`query($c: ID!) { honorRoll(collectiveID: $c) { edges { node { nomination { achievements } } } } }`, "UNAUTHENTICATED"},
			{`query($c: ID!) { honorRoll(collectiveID: $c) { edges { node { individual { nominations { totalCount } } } } } }`, "UNAUTHENTICATED"},
			{`query($c: ID!) { honorRoll(collectiveID: $c) { edges { node { individual { email } } } } }`, "GRAPHQL_VALIDATION_FAILED"},
			{`query($c: ID!) { honorRoll(collectiveID: $c) { edges { node { individual { phone } } } } }`, "GRAPHQL_VALIDATION_FAILED"},
			{`query($c: ID!) { node(id: $c) { id } users { totalCount } }`, "UNAUTHENTICATED"},
			{`query($c: ID!) { node(id: $c) { id } auditEvents { totalCount } }`, "UNAUTHENTICATED"},
			{`query($c: ID!) { node(id: $c) { id } nominations { totalCount } }`, "UNAUTHENTICATED"},
		} {
			r := s.post(tt.query, map[string]any{"c": hbtID})
			got := ""
			if len(r.Errors) > 0 {
				got = r.Errors[0].code()
			}
			if got != tt.code {
				t.Errorf("%s\n  got %q, want %q", tt.query, got, tt.code)
			}
			if strings.Contains(string(r.Data), "1979") {
				t.Errorf("birth data leaked: %s", r.Data)
			}
		}
	})
}

func TestHonorRollCaching(t *testing.T) {
	s := newServer(t, dbtest.SQLite(t))
	vars, _ := json.Marshal(map[string]any{"c": s.collectiveID(hbt), "first": 5})
	u := s.url + "/query?query=" + url.QueryEscape(rollQuery) + "&variables=" + url.QueryEscape(string(vars))
	get := func(h http.Header) (*http.Response, []byte) {
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		req.Header = h
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res, body
	}
	res, body := get(http.Header{})
	etag := res.Header.Get("ETag")
	if res.StatusCode != 200 || etag == "" || !strings.Contains(res.Header.Get("Cache-Control"), "max-age") || !strings.Contains(string(body), "honorRoll") {
		t.Fatalf("first GET: %d etag %q cache %q", res.StatusCode, etag, res.Header.Get("Cache-Control"))
	}
	res, body = get(http.Header{"If-None-Match": {etag}})
	if res.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("conditional GET: %d with %d bytes, want 304 and no body", res.StatusCode, len(body))
	}
	res, _ = get(http.Header{"If-None-Match": {`"stale"`}})
	if res.StatusCode != 200 {
		t.Errorf("GET with a stale ETag: %d", res.StatusCode)
	}
	// A persisted query: registered once, then fetched by its hash alone, cacheable the same way.
	sum := sha256.Sum256([]byte(rollQuery))
	ext := url.QueryEscape(fmt.Sprintf(`{"persistedQuery":{"version":1,"sha256Hash":"%x"}}`, sum))
	byHash := s.url + "/query?variables=" + url.QueryEscape(string(vars)) + "&extensions=" + ext
	for i, target := range []string{u + "&extensions=" + ext, byHash} {
		res, err := http.Get(target)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(body), "honorRoll") || res.Header.Get("ETag") != etag {
			t.Errorf("persisted query, request %d: %d %s (ETag %q)", i, res.StatusCode, body, res.Header.Get("ETag"))
		}
	}
	// GET never runs a mutation.
	res, body = func() (*http.Response, []byte) {
		res, err := http.Get(s.url + "/query?query=" + url.QueryEscape(`mutation { logout }`))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, b
	}()
	if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != http.MethodPost || !strings.Contains(string(body), `"code":"BAD_REQUEST"`) {
		t.Errorf("a mutation over GET: %d (Allow %q) %s, want 405, Allow: POST", res.StatusCode, res.Header.Get("Allow"), body)
	}
	// A query string that does not parse is refused as such, not read as no query at all.
	if res, err := http.Get(s.url + "/query?query=%zz"); err != nil {
		t.Fatal(err)
	} else {
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), `"code":"BAD_REQUEST"`) {
			t.Errorf("a malformed query string: %d %s", res.StatusCode, b)
		}
	}
	staff := s.as("staff.haibatrung@demo.vinhdanh.vn")
	res, _ = get(http.Header{"Authorization": {"Bearer " + staff.token}})
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("ETag") != "" {
		t.Errorf("signed-in GET must not be cacheable: %d %q %q", res.StatusCode, res.Header.Get("Cache-Control"), res.Header.Get("ETag"))
	}
}

func TestPublicCORS(t *testing.T) {
	s := newServer(t, dbtest.SQLite(t))
	preflight := func(origin, headers string) http.Header {
		req, _ := http.NewRequest(http.MethodOptions, s.url+"/query", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", headers)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.Header
	}
	// Any site may call the public API anonymously…
	if h := preflight("https://school.example", "content-type"); h.Get("Access-Control-Allow-Origin") == "" {
		t.Errorf("anonymous preflight from a school site refused: %v", h)
	}
	// …but only the configured origins may send a staff token.
	if h := preflight("https://school.example", "authorization,content-type"); h.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("a school site may send Authorization: %v", h)
	}
	if h := preflight("https://staff.example", "authorization,content-type"); h.Get("Access-Control-Allow-Origin") != "https://staff.example" {
		t.Errorf("the staff frontend may not send Authorization: %v", h)
	}
	req, _ := http.NewRequest(http.MethodGet, s.url+"/widget/honor-roll.js", nil)
	req.Header.Set("Origin", "https://school.example")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Access-Control-Allow-Origin") != "*" || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
		t.Errorf("widget script for another site: %d %v", res.StatusCode, res.Header)
	}
}

func TestAnonymousRateLimit(t *testing.T) {
	s := newServer(t, dbtest.SQLite(t), func(o *httpserver.Options) { o.AnonRate, o.AnonBurst = 0.5, 3 })
	staff := s.as("staff.haibatrung@demo.vinhdanh.vn") // the login is one of the 3
	var last *http.Response
	for range 3 {
		res, err := http.Get(s.url + "/query?query=" + url.QueryEscape("{ awardLevels(first: 1) { totalCount } }"))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		last = res
	}
	if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
		t.Errorf("after the burst: %d Retry-After %q, want 429 with Retry-After", last.StatusCode, last.Header.Get("Retry-After"))
	}
	// Signed-in staff are not slowed by anonymous traffic from the same address.
	var out struct{ Me struct{ Email string } }
	staff.query(`{ me { email } }`, nil, &out)
	if out.Me.Email == "" {
		t.Error("staff request refused")
	}
}

// TestClientAddressBehindProxy keys the anonymous budget on the client a trusted reverse proxy
// names in X-Forwarded-For, and on the peer when the header comes from anyone else: a client
// cannot escape its limit by writing the header itself.
func TestClientAddressBehindProxy(t *testing.T) {
	limited := func(t *testing.T, s *server, forwarded string) int {
		req, _ := http.NewRequest(http.MethodGet, s.url+"/query?query="+url.QueryEscape("{ awardLevels(first: 1) { totalCount } }"), nil)
		// A client's own claim on the left, what the proxy saw on the right.
		req.Header.Set("X-Forwarded-For", "198.51.100.1, "+forwarded)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	t.Run("trusted proxy", func(t *testing.T) {
		s := newServer(t, dbtest.SQLite(t), func(o *httpserver.Options) {
			o.AnonRate, o.AnonBurst = 0.01, 2
			_, loopback, _ := net.ParseCIDR("127.0.0.0/8")
			o.TrustedProxies = []net.IPNet{*loopback}
		})
		for range 2 {
			limited(t, s, "203.0.113.7")
		}
		if got := limited(t, s, "203.0.113.7"); got != http.StatusTooManyRequests {
			t.Errorf("the third request of 203.0.113.7: %d, want 429", got)
		}
		if got := limited(t, s, "203.0.113.8"); got != http.StatusOK {
			t.Errorf("another client behind the same proxy: %d, want 200", got)
		}
	})
	t.Run("no trusted proxy", func(t *testing.T) {
		s := newServer(t, dbtest.SQLite(t), func(o *httpserver.Options) { o.AnonRate, o.AnonBurst = 0.01, 2 })
		for range 2 {
			limited(t, s, "203.0.113.7")
		}
		if got := limited(t, s, "203.0.113.8"); got != http.StatusTooManyRequests {
			t.Errorf("a forged X-Forwarded-For escaped the limit: %d, want 429", got)
		}
	})
}

func TestVerification(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		ctx := rule.SystemContext(context.Background())
		valid := s.db.Client.Award.Query().Where(award.RecipientName("Đặng Văn Đức")).OnlyX(ctx)
		revoked := s.db.Client.Award.Query().Where(award.RecipientName("Lê Thị Thu Trang")).OnlyX(ctx)
		hidden := s.db.Client.Award.Query().Where(award.RecipientName("Phạm Thị Minh Hằng")).OnlyX(ctx)
		s.db.Client.Award.UpdateOne(revoked).SetRevokedAt(time.Now()).SetRevocationReason("Hồ sơ không trung thực").ExecX(ctx)
		s.db.Client.Award.UpdateOne(hidden).SetPublic(false).ExecX(ctx)
		get := func(path string, accept string) (int, string) {
			req, _ := http.NewRequest(http.MethodGet, s.url+path, nil)
			if accept != "" {
				req.Header.Set("Accept", accept)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, string(b)
		}
		code, page := get("/verify/"+itoa(valid.ID), "")
		for _, want := range []string{"Hợp lệ", "Bằng khen của Tổng Liên đoàn Lao động Việt Nam", "Đặng Văn Đức", "DEMO-01/QĐ-TLĐ", seed.A1CeremonyName} {
			if code != 200 || !strings.Contains(page, want) {
				t.Errorf("verification page (%d) lacks %q", code, want)
			}
		}
		code, page = get("/verify/"+itoa(revoked.ID), "")
		if code != 200 || !strings.Contains(page, "Đã thu hồi") || strings.Contains(page, "Hợp lệ") {
			t.Errorf("revoked award page (%d) does not say it is revoked", code)
		}
		for _, path := range []string{"/verify/" + itoa(hidden.ID), "/verify/999999", "/verify/abc"} {
			if code, _ := get(path, ""); code != 404 {
				t.Errorf("%s: %d, want 404", path, code)
			}
		}
		for _, variant := range []struct{ path, accept string }{{"/verify/" + itoa(valid.ID) + "?format=json", ""}, {"/verify/" + itoa(valid.ID), "application/json"}} {
			code, body := get(variant.path, variant.accept)
			var cred struct {
				Context           []string `json:"@context"`
				Type              []string
				Issuer            struct{ Name string }
				ValidFrom         string
				CredentialSubject struct {
					Name        string
					Achievement struct {
						Name     string
						Type     []string
						Criteria struct{ Narrative string }
					}
				}
				VinhDanh struct{ Status string }
			}
			if err := json.Unmarshal([]byte(body), &cred); err != nil || code != 200 {
				t.Fatalf("%s: %d %v", variant.path, code, err)
			}
			if !slices.Contains(cred.Type, "OpenBadgeCredential") || cred.Issuer.Name != "Tổng Liên đoàn Lao động Việt Nam" ||
				cred.CredentialSubject.Name != "Đặng Văn Đức" || cred.CredentialSubject.Achievement.Name == "" || cred.ValidFrom == "" ||
				cred.VinhDanh.Status != "valid" || len(cred.Context) != 2 {
				t.Errorf("credential = %+v", cred)
			}
		}
		_, body := get("/verify/"+itoa(revoked.ID)+"?format=json", "")
		if !strings.Contains(body, `"status": "revoked"`) {
			t.Errorf("revoked credential: %s", body)
		}
		// The iframe page carries the widget with the requested attributes, and nothing else.
		code, page = get("/embed/honor-roll?collective=123&period=2022-2023&levels=CITY_BANG_KHEN", "")
		if code != 200 || !strings.Contains(page, `<vinh-danh-honor-roll heading-level="1" report-height collective="123" period="2022-2023" levels="CITY_BANG_KHEN">`) {
			t.Errorf("embed page (%d): %s", code, page)
		}
		if code, _ := get("/embed/honor-roll?collective=1%22%3E%3Cscript%3E", ""); code != 400 {
			t.Errorf("embed page with markup in a parameter: %d, want 400", code)
		}
		// A heading in any Unicode, typed decomposed, with markup: kept as words, NFC, escaped.
		heading := norm.NFD.String("Phòng GD&ĐT: khen thưởng 2023–2024\"><script>alert(1)</script>")
		code, page = get("/embed/honor-roll?collective=123&heading="+url.QueryEscape(heading), "")
		if code != 200 || !strings.Contains(page, `heading="Phòng GD&amp;ĐT: khen thưởng 2023–2024&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"`) ||
			strings.Contains(page, "<script>alert") {
			t.Errorf("embed page with a Unicode heading (%d): %s", code, page)
		}
		if code, _ := get("/embed/honor-roll?collective=123&heading="+url.QueryEscape("a\u0000b"), ""); code != 400 {
			t.Errorf("a heading with a control character: %d, want 400", code)
		}
	})
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestLongHonorRoll pages through a long roll with both plans (sorted from the recipient
// indexes, and read in roll_key order as provincial rolls are, see honorroll.ManyUnits) and
// checks the same order and completeness.
func TestLongHonorRoll(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		s, hbtID := largeRoll(t, target, 700)
		sorted := walkRoll(t, s, hbtID)
		defer func(n int) { honorroll.ManyUnits = n }(honorroll.ManyUnits)
		honorroll.ManyUnits = 0
		s.cache.Invalidate()
		if ordered := walkRoll(t, s, hbtID); !slices.Equal(ordered, sorted) {
			t.Errorf("the two plans disagree")
		}
	})
}

func walkRoll(t *testing.T, s *server, hbtID string) []string {
	{
		var all []rollEntry
		var after any
		for range 10 {
			_, page, next := s.roll(map[string]any{"c": hbtID, "first": 200, "after": after})
			all = append(all, page...)
			if next == nil {
				break
			}
			after = *next
		}
		if len(all) != 735 {
			t.Fatalf("walked %d awards, want 735", len(all))
		}
		seen := map[string]bool{}
		for i, e := range all {
			if seen[e.ID] {
				t.Fatalf("award %s twice", e.ID)
			}
			seen[e.ID] = true
			if i == 0 {
				continue
			}
			prev := all[i-1]
			if prev.Level.Rank < e.Level.Rank || (prev.Level.Rank == e.Level.Rank &&
				textfold.SortKey(prev.RecipientName, prev.RecipientKind == "INDIVIDUAL") > textfold.SortKey(e.RecipientName, e.RecipientKind == "INDIVIDUAL")) {
				t.Fatalf("out of order at %d: %s before %s", i, prev.RecipientName, e.RecipientName)
			}
		}
		ids := make([]string, len(all))
		for i, e := range all {
			ids[i] = e.ID
		}
		return ids
	}
}

// TestRollCountsOnlyWhenAsked: a page with pageInfo but without totalCount reads first + 1
// rows and runs no COUNT; hasNextPage and the cursors are the same as with the count.
func TestRollCountsOnlyWhenAsked(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		hbt := s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng")
		page := func(fields string) (string, int) {
			s.counter.Reset()
			var out struct {
				HonorRoll struct {
					PageInfo struct {
						HasNextPage bool
						EndCursor   string
					}
				}
			}
			s.query(`query($c: ID!) { honorRoll(collectiveID: $c, first: 10) { `+fields+` pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
				map[string]any{"c": hbt}, &out)
			return fmt.Sprint(out.HonorRoll.PageInfo), len(s.counter.Matching("COUNT("))
		}
		without, counts := page("")
		with, countsWith := page("totalCount")
		if counts != 0 || countsWith != 1 {
			t.Errorf("COUNT statements: %d without totalCount (want 0), %d with (want 1)", counts, countsWith)
		}
		if without != with || !strings.Contains(without, "true") {
			t.Errorf("page info without the count %s, with it %s", without, with)
		}
	})
}

// TestHonorRollLevels counts a roll by level as the roll itself has it: for each level, the
// roll's totalCount with that level alone; highest level first; public awards only for an
// anonymous caller; an unknown unit is NOT_FOUND.
func TestHonorRollLevels(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		ctx := rule.SystemContext(context.Background())
		hbt := s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng")
		var out struct {
			HonorRollLevels []struct {
				Level struct {
					Code string
					Rank int
				}
				Count int
			}
		}
		levels := `query($c: ID!) { honorRollLevels(collectiveID: $c, period: "2022-2023") { level { code rank } count } }`
		s.query(levels, map[string]any{"c": hbt}, &out)
		if len(out.HonorRollLevels) < 2 {
			t.Fatalf("levels: %+v", out.HonorRollLevels)
		}
		for i, l := range out.HonorRollLevels {
			if i > 0 && l.Level.Rank > out.HonorRollLevels[i-1].Level.Rank {
				t.Errorf("not highest first: %+v", out.HonorRollLevels)
			}
			var roll struct{ HonorRoll struct{ TotalCount int } }
			s.query(`query($c: ID!, $l: [String!]) { honorRoll(collectiveID: $c, period: "2022-2023", levels: $l, first: 1) { totalCount } }`,
				map[string]any{"c": hbt, "l": []string{l.Level.Code}}, &roll)
			if roll.HonorRoll.TotalCount != l.Count {
				t.Errorf("%s: %d by level, %d on the roll", l.Level.Code, l.Count, roll.HonorRoll.TotalCount)
			}
		}
		// A private award leaves the anonymous count.
		first := out.HonorRollLevels[0]
		a := s.db.Client.Award.Query().Where(award.HasLevelWith(awardlevel.Code(first.Level.Code)), award.Public(true),
			award.PeriodStartYear(2022)).FirstX(ctx)
		s.db.Client.Award.UpdateOne(a).SetPublic(false).ExecX(ctx)
		s.cache.Invalidate()
		s.query(levels, map[string]any{"c": hbt}, &out)
		if out.HonorRollLevels[0].Level.Code == first.Level.Code && out.HonorRollLevels[0].Count != first.Count-1 {
			t.Errorf("a private award still counted: %d, want %d", out.HonorRollLevels[0].Count, first.Count-1)
		}
		if e := s.fail(levels, map[string]any{"c": "999999"}); e.code() != "NOT_FOUND" {
			t.Errorf("unknown unit: %s %q", e.code(), e.Message)
		}
	})
}

// TestRollReadsOnlyWhatItShows: a roll page whose nodes ask computed fields (periodName,
// period, revoked) reads the columns those are computed from and nothing else, whether they
// are asked directly, in an inline fragment or through a named fragment; the answers are the
// same as those of a selection of plain columns only.
func TestRollReadsOnlyWhatItShows(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		hbt := s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng")
		read := func(query string) (string, string) {
			t.Helper()
			s.counter.Reset()
			var out map[string]any
			s.query(query, map[string]any{"c": hbt}, &out)
			for _, st := range s.counter.Statements() {
				if strings.HasPrefix(st.Query, "SELECT `awards`.`id`") {
					return fmt.Sprint(out), st.Query
				}
			}
			t.Fatalf("no statement read the awards of the page: %v", s.counter.Statements())
			return "", ""
		}
		const roll = `query($c: ID!) { honorRoll(collectiveID: $c, first: 5) { edges { node { `
		for _, tc := range []struct{ name, query string }{
			{"fields", roll + `id recipientName periodName period revoked level { name } } } } }`},
			{"inline fragment", roll + `id ... on Award { recipientName periodName period revoked level { name } } } } } }`},
			{"named fragment", roll + `id ...Shown } } } }
				fragment Shown on Award { recipientName periodName period revoked level { name } }`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				answer, statement := read(tc.query)
				for _, col := range []string{"`citation`", "`create_time`", "`recipient_position`"} {
					if strings.Contains(statement, col) {
						t.Errorf("the page's statement reads %s, which nothing shown needs: %s", col, statement)
					}
				}
				for _, col := range []string{"`period_kind`", "`period_start_year`", "`period_end_year`", "`revoked_at`", "`level_id`"} {
					if !strings.Contains(statement, col) {
						t.Errorf("the page's statement does not read %s: %s", col, statement)
					}
				}
				if !strings.Contains(answer, "Năm học") || !strings.Contains(answer, "revoked:false") {
					t.Errorf("computed fields missing from the answer: %s", answer)
				}
			})
		}
	})
}
