package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"vinhdanh/ent/award"
	"vinhdanh/ent/decision"
	"vinhdanh/ent/individual"
	"vinhdanh/ent/nomination"
	"vinhdanh/internal/rule"
)

const importMutation = `mutation($file: Upload!, $input: ImportInput!) {
  importRecords(file: $file, input: $input) {
    layout valid committed decisions awards nominations newIndividuals matchedIndividuals errors
    rows { row recipient recipientKind collectiveID individualID newIndividual unit level period decision
      problems { column message } }
  }
}`

type importReport struct {
	Layout                                 string
	Valid, Committed                       bool
	Decisions, Awards, Nominations, Errors int
	NewIndividuals, MatchedIndividuals     int
	Rows                                   []importRow
}

type importRow struct {
	Row                        int
	Recipient, RecipientKind   string
	CollectiveID, IndividualID *string
	NewIndividual              bool
	Unit, Level, Period        *string
	Decision                   *string
	Problems                   []struct {
		Column  *string
		Message string
	}
}

// upload sends an import's file.
func (s *server) upload(name string, data []byte, input map[string]any) response {
	s.t.Helper()
	return s.sendFile(importMutation, map[string]any{"input": input}, name, data)
}

// sendFile sends query with a file as its $file variable, with the GraphQL multipart request
// specification, as a browser's form or Apollo's upload link does.
func (s *server) sendFile(query string, vars map[string]any, name string, data []byte) response {
	s.t.Helper()
	vars["file"] = nil
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	ops, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	_ = w.WriteField("operations", string(ops))
	_ = w.WriteField("map", `{"0": ["variables.file"]}`)
	part, _ := w.CreateFormFile("0", name)
	_, _ = part.Write(data)
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, s.url+"/query", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return s.graphQL(req)
}

func (s *server) importFile(name string, data []byte, input map[string]any) importReport {
	s.t.Helper()
	r := s.upload(name, data, input)
	if len(r.Errors) > 0 {
		s.t.Fatalf("import %s: %+v", name, r.Errors)
	}
	var out struct{ ImportRecords importReport }
	if err := json.Unmarshal(r.Data, &out); err != nil {
		s.t.Fatal(err)
	}
	return out.ImportRecords
}

// decisionWorkbook is the list attached to a decision as a district federation keeps it:
// merged title rows, headers typed without diacritics, a real date cell, section headings.
func decisionWorkbook(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := f.GetSheetName(0)
	_ = f.SetCellValue(sh, "A1", "LIÊN ĐOÀN LAO ĐỘNG HUYỆN THANH TRÌ")
	_ = f.MergeCell(sh, "A1", "K1")
	_ = f.SetCellValue(sh, "A2", "DANH SÁCH KÈM THEO QUYẾT ĐỊNH SỐ 52/QĐ-LĐLĐ NGÀY 20/05/2024")
	_ = f.MergeCell(sh, "A2", "K2")
	header := []any{"STT", "Ho va ten", "Nam sinh", "Gioi tinh", "Chuc vu", "Don vi cong tac", "Hinh thuc / Danh hieu",
		"Thanh tich", "So quyet dinh", "Ngay ky", "Nam hoc"}
	_ = f.SetSheetRow(sh, "A4", &header)
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	for i, r := range rows {
		cell := "A" + strconv.Itoa(5+i)
		_ = f.SetSheetRow(sh, cell, &r)
		if len(r) > 9 {
			_ = f.SetCellStyle(sh, "J"+strconv.Itoa(5+i), "J"+strconv.Itoa(5+i), date)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestImportDecisionList imports a decision's list from Excel: a dry run reports every row
// (people matched by name and unit, a new one created) and writes nothing; the commit writes
// the decision and its awards as recorded from the file; the same file again is refused row
// by row as duplicates.
func TestImportDecisionList(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		ctx := rule.SystemContext(context.Background())
		staff := s.as("staff.thanhtri@demo.vinhdanh.vn")
		signed := time.Date(2024, 5, 20, 0, 0, 0, 0, time.UTC)
		rows := [][]any{
			{"A. TẬP THỂ"},
			{1, "Công đoàn Trường Tiểu học Tam Hiệp", nil, nil, nil, nil, "Giấy khen", "Hoàn thành xuất sắc nhiệm vụ", "52/QĐ-LĐLĐ", signed, "Năm học 2023-2024"},
			{"B. CÁ NHÂN"},
			{2, "pham thi tuyet", nil, "Nữ", "Chủ tịch Công đoàn", "Công đoàn Trường Mầm non B thị trấn Văn Điển", "GK", "Có thành tích xuất sắc", "52/QĐ-LĐLĐ", signed, "Năm học 2023-2024"},
			{3, "Trịnh Thị Thuỳ Dung", 1988, "Nữ", "Giáo viên", "Công đoàn Trường Tiểu học Tam Hiệp", "Giấy khen", "Có sáng kiến", "52/QĐ-LĐLĐ", signed, "2023-2024"},
			{nil, nil, nil, nil, nil, nil, nil, "Người lập biểu"},
		}
		file := decisionWorkbook(t, rows)
		awardsBefore := s.db.Client.Award.Query().CountX(ctx)
		peopleBefore := s.db.Client.Individual.Query().CountX(ctx)

		dry := staff.importFile("qd-52.xlsx", file, map[string]any{"dryRun": true})
		if !dry.Valid || dry.Committed || dry.Layout != "DECISION_LIST" || dry.Decisions != 1 || dry.Awards != 3 ||
			dry.MatchedIndividuals != 1 || dry.NewIndividuals != 1 || len(dry.Rows) != 3 {
			t.Fatalf("dry run: %+v", dry)
		}
		tuyetID := strconv.Itoa(s.db.Client.Individual.Query().Where(individual.FullName("Phạm Thị Tuyết")).OnlyIDX(ctx))
		byRow := map[int]importRow{}
		for _, r := range dry.Rows {
			byRow[r.Row] = r
		}
		if r := byRow[6]; r.RecipientKind != "COLLECTIVE" || r.CollectiveID == nil || *r.Level != "Giấy khen của Liên đoàn Lao động quận, huyện" || *r.Period != "Năm học 2023-2024" {
			t.Errorf("row 6: %+v", r)
		}
		if r := byRow[8]; r.IndividualID == nil || *r.IndividualID != tuyetID || r.Recipient != "Phạm Thị Tuyết" || r.NewIndividual {
			t.Errorf("row 8 should match Phạm Thị Tuyết #%s: %+v", tuyetID, r)
		}
		if r := byRow[9]; !r.NewIndividual || r.IndividualID != nil || *r.Decision != "52/QĐ-LĐLĐ" {
			t.Errorf("row 9 should be a new person: %+v", r)
		}
		if n := s.db.Client.Award.Query().CountX(ctx); n != awardsBefore {
			t.Fatalf("a dry run wrote %d awards", n-awardsBefore)
		}
		if n := s.db.Client.Individual.Query().CountX(ctx); n != peopleBefore {
			t.Fatalf("a dry run wrote %d people", n-peopleBefore)
		}

		done := staff.importFile("qd-52.xlsx", file, map[string]any{"dryRun": false, "documentReference": "Lưu trữ LĐLĐ huyện, hộp 12"})
		if !done.Valid || !done.Committed {
			t.Fatalf("commit: %+v", done)
		}
		dec := s.db.Client.Decision.Query().Where(decision.Number("52/QĐ-LĐLĐ")).OnlyX(ctx)
		if dec.SignedOn == nil || !dec.SignedOn.Equal(signed) {
			t.Errorf("decision signed on %v, want %v", dec.SignedOn, signed)
		}
		got := s.db.Client.Award.Query().Where(award.DecisionID(dec.ID)).AllX(ctx)
		if len(got) != 3 {
			t.Fatalf("%d awards written, want 3", len(got))
		}
		for _, a := range got {
			if a.RecordedFrom == nil || *a.RecordedFrom != "Lưu trữ LĐLĐ huyện, hộp 12" || a.PeriodStartYear == nil || *a.PeriodStartYear != 2023 {
				t.Errorf("award %+v", a)
			}
		}
		if n := s.db.Client.Individual.Query().CountX(ctx); n != peopleBefore+1 {
			t.Errorf("%d people created, want 1", n-peopleBefore)
		}

		again := staff.importFile("qd-52.xlsx", file, map[string]any{"dryRun": false})
		if again.Valid || again.Committed || again.Errors != 3 || again.MatchedIndividuals != 2 || again.NewIndividuals != 0 {
			t.Fatalf("the same file again: %+v", again)
		}
		for _, r := range again.Rows {
			if len(r.Problems) != 1 || !strings.Contains(r.Problems[0].Message, "already has this award") {
				t.Errorf("row %d: %+v", r.Row, r.Problems)
			}
		}
		if n := s.db.Client.Award.Query().CountX(ctx); n != awardsBefore+3 {
			t.Errorf("%d awards after the refused import, want %d", n, awardsBefore+3)
		}
	})
}

// TestImportErrors reports each problem on its row and column and writes nothing, not even the
// valid rows' new people; a caller who may not record the issuer's decisions is refused, and an
// anonymous upload is refused before its body is read.
func TestImportErrors(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		ctx := rule.SystemContext(context.Background())
		staff := s.as("staff.thanhtri@demo.vinhdanh.vn")
		unit := s.collectiveID("Công đoàn Trường Tiểu học Tam Hiệp")
		for range 2 { // two people of the same name in one school, birth years unknown
			var p struct{ ID string }
			staff.call(`mutation { createIndividual(input: {fullName: "Trần Thị Lan"}) { id } }`, nil, &p)
			staff.call(`mutation($i: ID!, $c: ID!) { createPosition(input: {title: "Giáo viên", individualID: $i, collectiveID: $c}) { id } }`,
				map[string]any{"i": p.ID, "c": unit}, &struct{ ID string }{})
		}
		csv := strings.Join([]string{
			"STT;Họ và tên;Năm sinh;Đơn vị;Hình thức khen thưởng;Năm học;Số quyết định;Ngày ký",
			"1;Người Mới;1990;Công đoàn Trường Tiểu học Tam Hiệp;Giấy khen;2023-2024;60/QĐ-LĐLĐ;01/06/2024",
			"2;Người Khác;1991;Công đoàn Trường Không Có;Giấy khen;2023-2024;60/QĐ-LĐLĐ;01/06/2024",
			"3;Người Thứ Ba;1992;Công đoàn Trường Tiểu học Tam Hiệp;Huân chương Lao động;2023-2024;60/QĐ-LĐLĐ;01/06/2024",
			"4;Người Thứ Tư;1993;Công đoàn Trường Tiểu học Tam Hiệp;Giấy khen;2023-2025;60/QĐ-LĐLĐ;01/06/2024",
			"5;Trần Thị Lan;;Công đoàn Trường Tiểu học Tam Hiệp;Giấy khen;2023-2024;60/QĐ-LĐLĐ;01/06/2024",
			"6;Người Mới;1990;Công đoàn Trường Tiểu học Tam Hiệp;Giấy khen;2023-2024;60/QĐ-LĐLĐ;01/06/2024",
			"7;Người Thứ Bảy;1990;Công đoàn Trường Tiểu học Tam Hiệp;Giấy khen;2023-2024;;01/06/2024",
			"8;Người Thứ Tám;1990;Công đoàn Trường Tiểu học Tam Hiệp;Giấy khen;2023-2024;60/QĐ-LĐLĐ;31/02/2024",
		}, "\r\n")
		peopleBefore := s.db.Client.Individual.Query().CountX(ctx)
		rep := staff.importFile("loi.csv", []byte(csv), map[string]any{"dryRun": false})
		if rep.Valid || rep.Committed || rep.Errors != 7 {
			t.Fatalf("report: %+v", rep)
		}
		want := map[int][2]string{ // row: column, words of the message
			3: {"Đơn vị", "no unit is named"},
			4: {"Hình thức khen thưởng", "no level"},
			5: {"Năm học", "school year"},
			6: {"Họ và tên", "2 people"},
			7: {"Hình thức khen thưởng", "same award is on row 2"},
			8: {"Số quyết định", "number is missing"},
			9: {"Ngày ký", "not a date"},
		}
		for _, r := range rep.Rows {
			w, bad := want[r.Row]
			switch {
			case !bad && len(r.Problems) > 0:
				t.Errorf("row %d: unexpected %+v", r.Row, r.Problems)
			case bad && (len(r.Problems) != 1 || r.Problems[0].Column == nil || *r.Problems[0].Column != w[0] || !strings.Contains(r.Problems[0].Message, w[1])):
				t.Errorf("row %d: got %+v, want %s: …%s…", r.Row, r.Problems, w[0], w[1])
			}
		}
		if n := s.db.Client.Individual.Query().CountX(ctx); n != peopleBefore {
			t.Errorf("a refused import created %d people", n-peopleBefore)
		}

		// Another district's staff may not record Thanh Trì's decisions.
		other := s.as("staff.hanoi@demo.vinhdanh.vn")
		r := other.upload("loi.csv", []byte(strings.Join(strings.Split(csv, "\r\n")[:2], "\n")), map[string]any{"dryRun": true,
			"issuerID": s.collectiveID("Liên đoàn Lao động huyện Thanh Trì")})
		if len(r.Errors) != 1 || r.Errors[0].code() != "FORBIDDEN" {
			t.Errorf("another federation's import: %+v", r.Errors)
		}
		anon := s.upload("loi.csv", []byte(csv), map[string]any{"dryRun": true})
		if anon.status != http.StatusUnauthorized || len(anon.Errors) != 1 || anon.Errors[0].code() != "UNAUTHENTICATED" {
			t.Errorf("anonymous upload: %d %+v", anon.status, anon.Errors)
		}
		forged := *s
		forged.token = "khong-phai-token"
		if r := forged.upload("loi.csv", []byte(csv), map[string]any{"dryRun": true}); r.status != http.StatusUnauthorized {
			t.Errorf("an upload with a forged token: %d %+v", r.status, r.Errors)
		}
		bad := staff.upload("ghi-chu.txt", []byte("chỉ là ghi chú"), map[string]any{"dryRun": true})
		if len(bad.Errors) != 1 || bad.Errors[0].code() != "BAD_USER_INPUT" || !strings.Contains(bad.Errors[0].Message, "header row") {
			t.Errorf("a file without a header: %+v", bad.Errors)
		}
	})
}

// TestImportNominationList enters a school's proposal list as draft nominations of the school.
func TestImportNominationList(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		ctx := rule.SystemContext(context.Background())
		staff := s.as("staff.school@demo.vinhdanh.vn")
		csv := "\ufeffDANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG\nSTT,Họ và tên,Năm sinh,Chức vụ,Đơn vị,Danh hiệu đề nghị,Thành tích\n" +
			"1,Lê Thị Thu Trang,,Chủ tịch Công đoàn,Công đoàn Trường Tiểu học Tô Hoàng,Đoàn viên công đoàn xuất sắc,Hoàn thành xuất sắc nhiệm vụ\n" +
			"2,Đặng Văn Minh,1979,Giáo viên,Công đoàn Trường Tiểu học Tô Hoàng,Đoàn viên công đoàn xuất sắc,Tích cực trong phong trào\n"
		rep := staff.importFile("de-nghi.csv", []byte(csv), map[string]any{"dryRun": false, "period": "2024-2025"})
		if !rep.Valid || !rep.Committed || rep.Layout != "NOMINATION_LIST" || rep.Nominations != 2 || rep.NewIndividuals != 1 {
			t.Fatalf("report: %+v", rep)
		}
		got := s.db.Client.Nomination.Query().Where(nomination.ProposerID(mustID(t, s.collectiveID("Công đoàn Trường Tiểu học Tô Hoàng"))),
			nomination.PeriodStartYear(2024)).AllX(ctx)
		if len(got) != 2 {
			t.Fatalf("%d nominations, want 2", len(got))
		}
		for _, n := range got {
			if n.Status != nomination.StatusDRAFT || n.Achievements == "" {
				t.Errorf("nomination %+v", n)
			}
		}
	})
}

func mustID(t *testing.T, id string) int {
	t.Helper()
	n, err := strconv.Atoi(id)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestImportOwnExport reads back the lists this product exports: the decision list of testdata
// imported, exported as XLSX and imported again as a dry run matches every row to the award now
// on record — the same person or unit, level, period and decision — so each row is refused as
// that award, and nothing else.
func TestImportOwnExport(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		ctx := rule.SystemContext(context.Background())
		staff := s.as("staff.thanhtri@demo.vinhdanh.vn")
		csv, err := os.ReadFile("../importer/testdata/decision-list.csv")
		if err != nil {
			t.Fatal(err)
		}
		if rep := staff.importFile("decision-list.csv", csv, map[string]any{"dryRun": false, "period": "2023-2024"}); !rep.Committed {
			t.Fatalf("import: %+v", rep)
		}
		dec := s.db.Client.Decision.Query().Where(decision.Number("45/QĐ-LĐLĐ")).OnlyX(ctx)
		status, _, file := staff.get("/export/decisions/" + strconv.Itoa(dec.ID) + ".xlsx")
		if status != http.StatusOK {
			t.Fatalf("export: %d", status)
		}
		rep := staff.importFile("export.xlsx", file, map[string]any{"dryRun": true})
		if rep.Layout != "DECISION_LIST" || len(rep.Rows) != 4 || rep.Errors != 4 || rep.NewIndividuals != 0 || rep.MatchedIndividuals != 3 {
			t.Errorf("report %+v", rep)
		}
		for _, r := range rep.Rows {
			if len(r.Problems) != 1 || !strings.Contains(r.Problems[0].Message, "already has this award for this period (decision 45/QĐ-LĐLĐ)") {
				t.Errorf("row %d (%s, %s): %+v", r.Row, r.Recipient, r.RecipientKind, r.Problems)
			}
		}
	})
}
