package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"golang.org/x/text/unicode/norm"

	"vinhdanh/ent/nominationdocument"
	"vinhdanh/internal/blobstore"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/httpserver"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/store"
)

const attachMutation = `mutation($n: ID!, $k: NominationDocumentKind!, $file: Upload!) {
  attachDocument(nominationID: $n, kind: $k, file: $file) { id kind filename contentType size sha256 downloadURL } }`

type dossierDoc struct {
	ID, Kind, Filename, ContentType, Sha256, DownloadURL string
	Size                                                 int
}

// attach uploads a file to a nomination's dossier.
func (s *server) attach(nominationID, kind, name string, data []byte) response {
	s.t.Helper()
	return s.sendFile(attachMutation, map[string]any{"n": nominationID, "k": kind}, name, data)
}

func docx(t *testing.T) []byte {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	f, _ := z.Create("word/document.xml")
	_, _ = f.Write([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>`))
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var pdf = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// dossierStory is a nomination's dossier through the API, on whatever store s keeps files in.
func dossierStory(t *testing.T, s *server) {
	ctx := rule.SystemContext(context.Background())
	school := s.as("staff.school@demo.vinhdanh.vn")
	n := school.draft(school.newTeacher("Hoàng Thị Dịu"), "DISTRICT_GIAY_KHEN")

	r := school.attach(n.ID, "PROPOSAL", norm.NFD.String("Tờ trình đề nghị khen thưởng.pdf"), pdf)
	var out struct{ AttachDocument dossierDoc }
	if len(r.Errors) > 0 || json.Unmarshal(r.Data, &out) != nil {
		t.Fatalf("attach a PDF: %+v", r.Errors)
	}
	doc := out.AttachDocument
	if doc.Filename != "Tờ trình đề nghị khen thưởng.pdf" || doc.ContentType != "application/pdf" || doc.Size != len(pdf) || len(doc.Sha256) != 64 {
		t.Errorf("attached %+v", doc)
	}
	if r := school.attach(n.ID, "ACHIEVEMENT_REPORT", "Báo cáo thành tích.docx", docx(t)); len(r.Errors) > 0 {
		t.Errorf("attach a DOCX: %+v", r.Errors)
	}
	if r := school.attach(n.ID, "OTHER", "ban-scan.pdf", []byte("MZ\x90\x00 not a pdf at all")); len(r.Errors) != 1 || r.Errors[0].code() != "BAD_USER_INPUT" {
		t.Errorf("a program named .pdf: %+v", r.Errors)
	}

	// Downloads: the proposer's staff, never anonymous, nobody outside the nomination's units.
	get := func(as *server) (int, http.Header, []byte) {
		req, _ := http.NewRequest(http.MethodGet, s.url+doc.DownloadURL, nil)
		res, body := as.send(req)
		return res.StatusCode, res.Header, body
	}
	status, header, body := get(school)
	if status != 200 || !bytes.Equal(body, pdf) || header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(header.Get("Content-Disposition"), "attachment;") || !strings.Contains(header.Get("Content-Disposition"), "filename*=UTF-8''T%E1%BB%9D") {
		t.Errorf("download: %d %v %.40q", status, header, body)
	}
	if status, _, _ := get(s); status != http.StatusUnauthorized {
		t.Errorf("anonymous download: %d", status)
	}
	if status, _, _ := get(s.as("staff.thanhtri@demo.vinhdanh.vn")); status != http.StatusNotFound {
		t.Errorf("another district's download: %d", status)
	}
	// A stored file that no longer matches its hash is not served.
	stored := s.db.Client.NominationDocument.Query().Where(nominationdocument.Sha256(doc.Sha256)).FirstX(ctx)
	if err := s.documents.WriteAll(context.Background(), stored.StorageKey, []byte("%PDF-1.4 changed"), nil); err != nil {
		t.Fatal(err)
	}
	if status, _, _ := get(school); status != http.StatusInternalServerError {
		t.Errorf("a file changed in the store: %d", status)
	}

	// A file replaced: the new one in its place with its kind, the old one kept, marked
	// removed; a refused file leaves the old one in place.
	const replace = `mutation($id: ID!, $file: Upload!) { replaceDocument(id: $id, file: $file) { id kind filename sha256 } }`
	if r := school.sendFile(replace, map[string]any{"id": doc.ID}, "virus.pdf", []byte("MZ\x90\x00")); len(r.Errors) != 1 || r.Errors[0].code() != "BAD_USER_INPUT" {
		t.Errorf("replace with a program: %+v", r.Errors)
	}
	if old := s.db.Client.NominationDocument.GetX(ctx, atoi(t, doc.ID)); old.RemovedAt != nil {
		t.Error("a refused replacement removed the old file")
	}
	newPDF := append(slices.Clone(pdf), []byte("% bản ký lại\n")...)
	r = school.sendFile(replace, map[string]any{"id": doc.ID}, "Tờ trình (bản ký).pdf", newPDF)
	var replaced struct{ ReplaceDocument dossierDoc }
	if len(r.Errors) > 0 || json.Unmarshal(r.Data, &replaced) != nil {
		t.Fatalf("replace: %+v", r.Errors)
	}
	if nd := replaced.ReplaceDocument; nd.ID == doc.ID || nd.Kind != "PROPOSAL" || nd.Filename != "Tờ trình (bản ký).pdf" || nd.Sha256 == doc.Sha256 {
		t.Errorf("replacement %+v", nd)
	}
	if old := s.db.Client.NominationDocument.GetX(ctx, atoi(t, doc.ID)); old.RemovedAt == nil {
		t.Error("the replaced file is not marked removed")
	}
	doc.ID = replaced.ReplaceDocument.ID

	// Once submitted, the dossier is read-only.
	submitted := school.step("submit", n, "", nil)
	if r := school.sendFile(replace, map[string]any{"id": doc.ID}, "late.pdf", pdf); len(r.Errors) != 1 || r.Errors[0].code() != "BAD_USER_INPUT" {
		t.Errorf("replace after submitting: %+v", r.Errors)
	}
	if r := school.attach(submitted.ID, "MINUTES", "Biên bản.pdf", pdf); len(r.Errors) != 1 || r.Errors[0].code() != "BAD_USER_INPUT" {
		t.Errorf("attach after submitting: %+v", r.Errors)
	}
	if e := school.fail(`mutation($id: ID!) { removeDocument(id: $id) { id } }`, map[string]any{"id": doc.ID}); e.code() != "BAD_USER_INPUT" {
		t.Errorf("remove after submitting: %s %q", e.code(), e.Message)
	}
	var listed struct {
		Node struct {
			Documents []struct {
				Filename  string
				RemovedAt *string
			}
		}
	}
	school.query(`query($id: ID!) { node(id: $id) { ... on Nomination { documents { filename removedAt } } } }`, map[string]any{"id": n.ID}, &listed)
	var names []string
	for _, d := range listed.Node.Documents {
		names = append(names, fmt.Sprintf("%s removed=%v", d.Filename, d.RemovedAt != nil))
	}
	// In the order they were added, the replaced one kept on record.
	want := []string{"Tờ trình đề nghị khen thưởng.pdf removed=true", "Báo cáo thành tích.docx removed=false", "Tờ trình (bản ký).pdf removed=false"}
	if !slices.Equal(names, want) {
		t.Errorf("the dossier lists %q, want %q", names, want)
	}
}

// TestDossier keeps the files in local files (the default), on both databases.
func TestDossier(t *testing.T) {
	each(t, dossierStory)
}

// TestDossierOnS3 keeps them in S3-compatible object storage: a real S3 protocol server the
// test starts (gofakes3), reached through the same STORAGE_URL form production uses.
func TestDossierOnS3(t *testing.T) {
	backend := s3mem.New()
	faker := gofakes3.New(backend)
	ts := httptest.NewServer(faker.Server())
	defer ts.Close()
	if err := backend.CreateBucket("hoso"); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "vinhdanh")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "vinhdanh-secret")
	_ = os.Unsetenv("AWS_PROFILE")
	bucket, err := blobstore.Open(context.Background(), "s3://hoso?endpoint="+ts.URL+"&region=us-east-1&use_path_style=true&disable_https=true")
	if err != nil {
		t.Fatal(err)
	}
	defer bucket.Close()
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		s := newServer(t, target, func(o *httpserver.Options) { o.Documents = bucket })
		s.documents = bucket
		dossierStory(t, s)
	})
	objects, err := backend.ListBucket("hoso", nil, gofakes3.ListBucketPage{})
	if err != nil || len(objects.Contents) == 0 {
		t.Errorf("nothing reached the object store: %v", err)
	}
}

// TestRequiredDocuments: a level may require documents (data on the level); a nomination whose
// dossier lacks them has an eligibility reason naming them, and cannot be approved.
func TestRequiredDocuments(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		admin := s.as("admin@demo.vinhdanh.vn")
		admin.call(`mutation($id: ID!) { updateAwardLevel(id: $id, input: {requiredDocuments: ["PROPOSAL", "MINUTES"]}) { id } }`,
			map[string]any{"id": s.levelGID("DISTRICT_GIAY_KHEN")}, &struct{ ID string }{})
		if e := admin.fail(`mutation($id: ID!) { updateAwardLevel(id: $id, input: {requiredDocuments: ["PHOTO"]}) { id } }`,
			map[string]any{"id": s.levelGID("DISTRICT_GIAY_KHEN")}); e.code() != "BAD_USER_INPUT" {
			t.Errorf("an unknown document kind: %s %q", e.code(), e.Message)
		}
		school := s.as("staff.school@demo.vinhdanh.vn")
		n := school.draft(school.newTeacher("Mạc Thị Duyên"), "DISTRICT_GIAY_KHEN")
		reasons := func() []string {
			var out struct {
				Node struct {
					Eligibility struct {
						Reasons []struct{ Code, Message string }
					}
				}
			}
			school.query(`query($id: ID!) { node(id: $id) { ... on Nomination { eligibility { reasons { code message } } } } }`, map[string]any{"id": n.ID}, &out)
			var got []string
			for _, r := range out.Node.Eligibility.Reasons {
				got = append(got, r.Code+": "+r.Message)
			}
			return got
		}
		if got := reasons(); len(got) != 1 || !strings.HasPrefix(got[0], "DOCUMENT_MISSING") || !strings.Contains(got[0], "tờ trình, biên bản họp bình xét") {
			t.Errorf("reasons without documents: %q", got)
		}
		school.attach(n.ID, "PROPOSAL", "To trinh.pdf", pdf)
		if got := reasons(); len(got) != 1 || !strings.Contains(got[0], "biên bản") || strings.Contains(got[0], "tờ trình") {
			t.Errorf("reasons with the proposal only: %q", got)
		}
		submitted := school.step("submit", n, "", nil)
		if e := s.as("staff.haibatrung@demo.vinhdanh.vn").stepFails("approve", submitted, nil); e.code() != "BAD_USER_INPUT" || !strings.Contains(e.Message, "biên bản") {
			t.Errorf("approving without the minutes: %s %q", e.code(), e.Message)
		}
	})
}

func atoi(t *testing.T, id string) int {
	t.Helper()
	n, err := strconv.Atoi(id)
	if err != nil {
		t.Fatalf("id %q: %v", id, err)
	}
	return n
}
