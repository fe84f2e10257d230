package app_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"vinhdanh/internal/catalog"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/httpserver"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/store"
)

// TestExports: a decision's list and a unit's honor roll come out as XLSX and CSV with the
// rows the caller may see, Vietnamese intact.
func TestExports(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		s := newServer(t, target)
		ctx := rule.SystemContext(context.Background())
		hbt := s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng")
		staff := s.as("staff.haibatrung@demo.vinhdanh.vn")
		award := func(school string, public bool) map[string]any {
			return map[string]any{"recipientKind": "COLLECTIVE", "collectiveID": s.collectiveID(school), "public": public,
				"levelID": s.levelID(ctx, catalog.DistrictGiayKhen), "periodKind": "SCHOOL_YEAR", "periodStartYear": 2017, "periodEndYear": 2018,
				"citation": "Đã có thành tích xuất sắc"}
		}
		var out struct{ RecordDecision struct{ ID string } }
		staff.query(recordDecision, map[string]any{"in": map[string]any{"number": "130/QĐ-LĐLĐ", "signedOn": "2018-08-25",
			"signerName": "Nguyễn Văn An", "signerTitle": "Chủ tịch", "issuerID": hbt, "documentReference": "Hồ sơ lưu trữ 2018",
			"awards": []map[string]any{award("Công đoàn Trường Tiểu học Tô Hoàng", true), award("Công đoàn Trường Tiểu học Lương Yên", false)}}}, &out)
		id := out.RecordDecision.ID

		get := func(path, token string) (*http.Response, []byte) {
			t.Helper()
			req, _ := http.NewRequest(http.MethodGet, s.url+path, nil)
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res, b
		}
		readCSV := func(b []byte) [][]string {
			t.Helper()
			if !bytes.HasPrefix(b, []byte("\ufeff")) {
				t.Error("the CSV has no byte-order mark: Excel would misread Vietnamese")
			}
			rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			return rows
		}

		res, b := get("/export/decisions/"+id+".csv", "")
		rows := readCSV(b)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") ||
			len(rows) != 2 || rows[0][1] != "Họ và tên / Tập thể" || rows[1][1] != "Công đoàn Trường Tiểu học Tô Hoàng" {
			t.Errorf("anonymous CSV: %d %v %q", res.StatusCode, res.Header, rows)
		}
		_, b = get("/export/decisions/"+id+".csv", staff.token)
		if rows := readCSV(b); len(rows) != 3 {
			t.Errorf("the issuer's staff see %d rows, want both awards: %q", len(rows)-1, rows)
		}

		res, b = get("/export/decisions/"+id+".xlsx", "")
		f, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%d: %v", res.StatusCode, err)
		}
		sheet, err := f.GetRows("Danh sách")
		if err != nil {
			t.Fatal(err)
		}
		if len(sheet) != 4 || !strings.HasPrefix(sheet[0][0], "Danh sách kèm theo Quyết định số 130/QĐ-LĐLĐ ngày 25/08/2018") ||
			sheet[3][1] != "Công đoàn Trường Tiểu học Tô Hoàng" || !norm.NFC.IsNormalString(sheet[0][0]) {
			t.Errorf("XLSX: %q", sheet)
		}

		var roll struct{ HonorRoll struct{ TotalCount int } }
		s.query(`query($c: ID!) { honorRoll(collectiveID: $c, period: "2022-2023") { totalCount } }`, map[string]any{"c": hbt}, &roll)
		_, b = get("/export/honor-roll.csv?collective="+hbt+"&period=2022-2023", "")
		if rows := readCSV(b); len(rows)-1 != roll.HonorRoll.TotalCount || roll.HonorRoll.TotalCount == 0 {
			t.Errorf("the roll's export has %d rows, the roll %d", len(rows)-1, roll.HonorRoll.TotalCount)
		}
		// The multi-year report: one row per period, the database's counts.
		column := func(rows [][]string, name string) int {
			for i, h := range rows[0] {
				if h == name {
					return i
				}
			}
			t.Fatalf("no column %q in %q", name, rows[0])
			return 0
		}
		const stats = "/export/stats.csv?collective=%s&periods=2017-2018,2022-2023"
		_, b = get(fmt.Sprintf(stats, hbt), "")
		anon := readCSV(b)
		_, b = get(fmt.Sprintf(stats, hbt), staff.token)
		seen := readCSV(b)
		giayKhen := "Giấy khen của Liên đoàn Lao động quận, huyện (tập thể)"
		if len(anon) != 3 || anon[1][0] != "2017-2018" || anon[1][column(anon, giayKhen)] != "1" || seen[1][column(seen, giayKhen)] != "2" {
			t.Errorf("stats: anonymous %q\nstaff %q", anon, seen)
		}
		var api struct{ AwardStats []struct{ Count int } }
		s.query(`query($c: ID!) { awardStats(collectiveID: $c, where: {periodKind: SCHOOL_YEAR, periodStartYear: 2022, periodEndYear: 2023}) { count } }`,
			map[string]any{"c": hbt}, &api)
		want, got := 0, 0
		for _, r := range api.AwardStats {
			want += r.Count
		}
		for _, v := range anon[2][1:] {
			n, _ := strconv.Atoi(v)
			got += n
		}
		if got != want || want == 0 {
			t.Errorf("2022-2023 in the report: %d awards, awardStats: %d", got, want)
		}

		for path, status := range map[string]int{
			"/export/stats.csv?collective=" + hbt:                        http.StatusBadRequest,
			"/export/stats.csv?collective=" + hbt + "&periods=2022-2024": http.StatusBadRequest,
			"/export/decisions/999999.csv":                               http.StatusNotFound,
			"/export/decisions/" + id + ".pdf":                           http.StatusNotFound,
			"/export/honor-roll.csv?collective=x":                        http.StatusBadRequest,
			"/export/honor-roll.csv?collective=999999":                   http.StatusNotFound,
		} {
			if res, b := get(path, ""); res.StatusCode != status {
				t.Errorf("%s: %d %s, want %d", path, res.StatusCode, b, status)
			}
		}
	})
}

// TestExportBudget: anonymous exports spend the address's query-cost budget, as queries do.
func TestExportBudget(t *testing.T) {
	s := newServer(t, dbtest.SQLite(t), func(o *httpserver.Options) { o.AnonCostRate, o.AnonCostBurst = 100, 50_000 })
	path := s.url + "/export/honor-roll.csv?collective=" + s.collectiveID("Liên đoàn Lao động quận Hai Bà Trưng")
	var codes []int
	for range 3 {
		res, err := http.Get(path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		codes = append(codes, res.StatusCode)
	}
	if codes[0] != http.StatusOK || codes[2] != http.StatusTooManyRequests {
		t.Errorf("three national-size exports in a row: %v, want the third refused with 429", codes)
	}
}
