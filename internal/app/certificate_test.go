package app_test

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"vinhdanh/ent"
	"vinhdanh/ent/award"
	"vinhdanh/internal/rule"
)

// pdfText extracts a PDF's text with poppler's pdftotext, as a reader copying from it would.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("REQUIRE_PDF_TOOLS") == "1" {
			t.Fatalf("pdftotext: %v (.ci/run installs poppler-utils)", err)
		}
		t.Skipf("pdftotext not installed (apt-get install poppler-utils): %v", err)
	}
	cmd := exec.Command(tool, "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// renderPage keeps a picture of the PDF's first page (pdftoppm) in test-artifacts/, to look at.
func renderPage(t *testing.T, name string, pdf []byte) {
	tool, err := exec.LookPath("pdftoppm")
	if err != nil {
		return
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(tool, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	png, err := os.ReadFile(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	saveArtifact(t, name, png)
}

func (s *server) get(path string) (int, http.Header, []byte) {
	s.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.url+path, nil)
	res, body := s.send(req)
	return res.StatusCode, res.Header, body
}

// TestCertificates prints a Giấy khen per award and per decision: the text a reader copies from
// the PDF holds the exact Vietnamese names (NFC), the issuer, the title and the decision; the
// blank mode prints the fields only, where the level's layout puts them; a private award's
// certificate is not found for anonymous callers, and a revoked one has none.
func TestCertificates(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		ctx := rule.SystemContext(context.Background())
		staff := s.as("staff.thanhtri@demo.vinhdanh.vn")
		csv := "STT,Họ và tên,Năm sinh,Chức vụ,Đơn vị,Hình thức khen thưởng,Thành tích,Năm học,Số quyết định,Ngày ký\n" +
			"1,Nguyễn Thị Thuý Hằng,1987,Giáo viên,Công đoàn Trường Tiểu học Tam Hiệp,Giấy khen,Đã có thành tích xuất sắc trong phong trào thi đua năm học 2023-2024,2023-2024,71/QĐ-LĐLĐ,16/05/2024\n" +
			"2,Đặng Quốc Việt,1990,Giáo viên,Công đoàn Trường Tiểu học Tam Hiệp,Giấy khen,Có sáng kiến kinh nghiệm,2023-2024,71/QĐ-LĐLĐ,16/05/2024\n"
		rep := staff.importFile("qd-71.csv", []byte(csv), map[string]any{"dryRun": false,
			"signerName": "Nguyễn Văn Thành", "signerTitle": "TM. Ban Thường vụ - Chủ tịch"})
		if !rep.Committed {
			t.Fatalf("import: %+v", rep)
		}
		as := s.db.Client.Award.Query().Where(award.RecordedFrom("qd-71.csv")).Order(ent.Asc(award.FieldID)).AllX(ctx)
		if len(as) != 2 {
			t.Fatalf("%d awards", len(as))
		}
		status, header, pdf := s.get("/certificates/" + strconv.Itoa(as[0].ID) + ".pdf")
		if status != http.StatusOK || header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("GET certificate: %d %s %.200s", status, header.Get("Content-Type"), pdf)
		}
		text := pdfText(t, pdf)
		if !norm.NFC.IsNormalString(text) {
			t.Error("the extracted text is not NFC")
		}
		for _, want := range []string{"Nguyễn Thị Thuý Hằng", "GIẤY KHEN", "LIÊN ĐOÀN LAO ĐỘNG HUYỆN THANH TRÌ", "Tặng",
			"Giáo viên, Công đoàn Trường Tiểu học Tam Hiệp", "Quyết định số 71/QĐ-LĐLĐ ngày 16/05/2024",
			"Thanh Trì, ngày 16 tháng 5 năm 2024", "Nguyễn Văn Thành", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"} {
			if !strings.Contains(text, want) {
				t.Errorf("the certificate's text lacks %q:\n%s", want, text)
			}
		}
		renderPage(t, "certificate-"+t.Name()[strings.LastIndex(t.Name(), "/")+1:]+".png", pdf)

		status, _, pdf = s.get("/certificates/decisions/" + strconv.Itoa(*as[0].DecisionID) + ".pdf")
		if status != http.StatusOK {
			t.Fatalf("decision certificates: %d %s", status, pdf)
		}
		text = pdfText(t, pdf)
		if strings.Count(text, "GIẤY KHEN") != 2 || !strings.Contains(text, "Đặng Quốc Việt") {
			t.Errorf("a decision's certificates, one page per award:\n%s", text)
		}

		// The blank mode with the default layout: the fields, no border, no heading.
		_, _, pdf = s.get("/certificates/" + strconv.Itoa(as[0].ID) + ".pdf?blank=true")
		text = pdfText(t, pdf)
		if strings.Contains(text, "GIẤY KHEN") || !strings.Contains(text, "Nguyễn Thị Thuý Hằng") || !strings.Contains(text, "Nguyễn Văn Thành") {
			t.Errorf("on the default blank, the fields only:\n%s", text)
		}
		renderPage(t, "certificate-blank-"+t.Name()[strings.LastIndex(t.Name(), "/")+1:]+".png", pdf)

		// The blank mode: the level's layout puts the recipient alone, top left.
		lvl := as[0].QueryLevel().OnlyX(ctx)
		s.db.Client.AwardLevel.UpdateOne(lvl).SetCertificateLayout(`{"pageWidth": 210, "pageHeight": 297,
			"fields": {"recipient": {"x": 10, "y": 10, "width": 120, "size": 20}}}`).ExecX(ctx)
		s.cache.Invalidate()
		_, _, pdf = s.get("/certificates/" + strconv.Itoa(as[0].ID) + ".pdf?blank=true")
		text = pdfText(t, pdf)
		if strings.TrimSpace(text) != "Nguyễn Thị Thuý Hằng" {
			t.Errorf("on a blank, only the placed fields: %q", text)
		}
		if err := s.db.Client.AwardLevel.UpdateOne(lvl).SetCertificateLayout(`{"pageWidth": 210, "pageHeight": 297, "fields": {"emblem": {}}}`).Exec(ctx); err == nil {
			t.Error("a layout with an unknown field was saved")
		}

		// Private and revoked awards.
		s.db.Client.Award.UpdateOne(as[1]).SetPublic(false).ExecX(ctx)
		if status, _, _ := s.get("/certificates/" + strconv.Itoa(as[1].ID) + ".pdf"); status != http.StatusNotFound {
			t.Errorf("a private award's certificate for an anonymous caller: %d", status)
		}
		if status, _, _ := staff.get("/certificates/" + strconv.Itoa(as[1].ID) + ".pdf"); status != http.StatusOK {
			t.Errorf("a private award's certificate for its federation's staff: %d", status)
		}
		var revoked struct{ ID string }
		s.as("admin@demo.vinhdanh.vn").call(`mutation($id: ID!) { revokeAward(id: $id, reason: "Nhập nhầm") { id } }`, map[string]any{"id": strconv.Itoa(as[0].ID)}, &revoked)
		if status, _, _ := s.get("/certificates/" + strconv.Itoa(as[0].ID) + ".pdf"); status != http.StatusConflict {
			t.Errorf("a revoked award's certificate: %d", status)
		}
	})
}
