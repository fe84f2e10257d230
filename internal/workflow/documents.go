package workflow

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"unicode"

	"gocloud.dev/blob"

	"vinhdanh/ent"
	"vinhdanh/ent/nomination"
	"vinhdanh/ent/nominationdocument"
	"vinhdanh/internal/apperr"
	"vinhdanh/internal/textfold"
	"vinhdanh/internal/viewer"
)

// Limits of a dossier.
const (
	MaxDocumentBytes = 10 << 20
	MaxDossierBytes  = 30 << 20
)

// Attach adds a file to the dossier of a nomination its proposer may still edit (a draft or a
// returned one): its type is read from its content (PDF, DOCX, XLSX, JPEG, PNG), its SHA-256
// kept, and the file written to the document store under a key of its own.
func Attach(ctx context.Context, c *ent.Client, store *blob.Bucket, nominationID int, kind nominationdocument.Kind, filename string, data []byte) (*ent.NominationDocument, error) {
	n, err := editable(ctx, c, nominationID, "attach documents to")
	if err != nil {
		return nil, err
	}
	switch {
	case len(data) == 0:
		return nil, apperr.Invalid("file", "the file is empty")
	case len(data) > MaxDocumentBytes:
		return nil, apperr.Invalid("file", "a document may be at most %d MiB", MaxDocumentBytes>>20)
	}
	contentType, ok := sniff(data)
	if !ok {
		return nil, apperr.Invalid("file", "only PDF, DOCX, XLSX, JPEG and PNG files are kept in a dossier")
	}
	docs, err := c.NominationDocument.Query().Where(nominationdocument.NominationID(n.ID), nominationdocument.RemovedAtIsNil()).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load the dossier of nomination %d: %w", n.ID, err)
	}
	total := int64(len(data))
	for _, d := range docs {
		total += d.Size
	}
	if total > MaxDossierBytes {
		return nil, apperr.Invalid("file", "a dossier may hold at most %d MiB", MaxDossierBytes>>20)
	}
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	key := fmt.Sprintf("nominations/%d/%s", n.ID, hash)
	// The row first (its hook may refuse), then the file: a failed write rolls the row back
	// with the request's transaction.
	doc, err := c.NominationDocument.Create().SetNominationID(n.ID).SetKind(kind).SetFilename(safeName(filename)).
		SetContentType(contentType).SetSize(int64(len(data))).SetSha256(hash).SetStorageKey(key).
		SetCreateTime(now()).Save(ctx)
	if err != nil {
		return nil, err
	}
	if err := store.WriteAll(ctx, key, data, &blob.WriterOptions{ContentType: contentType}); err != nil {
		return nil, fmt.Errorf("store document of nomination %d: %w", n.ID, err)
	}
	return doc, nil
}

// Remove takes a file out of a dossier the proposer may still edit. It stays on record.
func Remove(ctx context.Context, c *ent.Client, documentID int) (*ent.NominationDocument, error) {
	d, err := c.NominationDocument.Get(ctx, documentID)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "id", Message: fmt.Sprintf("document %d not found", documentID)}
	}
	if err != nil {
		return nil, fmt.Errorf("load document %d: %w", documentID, err)
	}
	if _, err := editable(ctx, c, d.NominationID, "remove documents from"); err != nil {
		return nil, err
	}
	if d.RemovedAt != nil {
		return d, nil
	}
	return c.NominationDocument.UpdateOne(d).SetRemovedAt(now()).Save(ctx)
}

// Replace puts a new file in a document's place in a dossier the proposer may still edit: the
// old one is marked removed (it stays on record) and the new one attached with its kind, in
// the caller's transaction, so a refused file leaves the old one in place.
func Replace(ctx context.Context, c *ent.Client, store *blob.Bucket, documentID int, filename string, data []byte) (*ent.NominationDocument, error) {
	old, err := Remove(ctx, c, documentID)
	if err != nil {
		return nil, err
	}
	return Attach(ctx, c, store, old.NominationID, old.Kind, filename, data)
}

// Open reads a document the viewer may see, checking its content against its hash.
func Open(ctx context.Context, c *ent.Client, store *blob.Bucket, documentID int) (*ent.NominationDocument, []byte, error) {
	if viewer.FromContext(ctx) == nil {
		return nil, nil, viewer.Refusal(ctx, "read nomination documents")
	}
	d, err := c.NominationDocument.Get(ctx, documentID)
	if ent.IsNotFound(err) {
		return nil, nil, &apperr.Error{Code: apperr.NotFound, Field: "id", Message: fmt.Sprintf("document %d not found", documentID)}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("load document %d: %w", documentID, err)
	}
	data, err := store.ReadAll(ctx, d.StorageKey)
	if err != nil {
		return nil, nil, fmt.Errorf("read document %d: %w", documentID, err)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != d.Sha256 {
		return nil, nil, fmt.Errorf("document %d: the stored file does not match its hash", documentID)
	}
	return d, data, nil
}

// editable loads a nomination whose dossier the viewer may change: its proposer's.
func editable(ctx context.Context, c *ent.Client, id int, verb string) (*ent.Nomination, error) {
	if viewer.FromContext(ctx) == nil {
		return nil, viewer.Refusal(ctx, verb+" nominations")
	}
	n, err := c.Nomination.Query().Where(nomination.ID(id)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "nominationID", Message: fmt.Sprintf("nomination %d not found", id)}
	}
	if err != nil {
		return nil, fmt.Errorf("load nomination %d: %w", id, err)
	}
	// Whether the dossier may still change is the document hook's (ent/schema): every path.
	if err := mayAct(ctx, n, proposer, verb); err != nil {
		return nil, err
	}
	return n, nil
}

// sniff tells the kinds a dossier keeps from their content, not their name.
func sniff(data []byte) (string, bool) {
	switch t := http.DetectContentType(data); {
	case t == "application/pdf", t == "image/jpeg", t == "image/png":
		return t, true
	case t == "application/zip":
		z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return "", false
		}
		for _, f := range z.File {
			switch f.Name {
			case "word/document.xml":
				return "application/vnd.openxmlformats-officedocument.wordprocessingml.document", true
			case "xl/workbook.xml":
				return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true
			}
		}
	}
	return "", false
}

// safeName keeps a file's own name (Vietnamese included, NFC) without paths or control
// characters.
func safeName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`/\"<>:|?*`, r) {
			return -1
		}
		return r
	}, textfold.NFCOnly(name))
	if name == "" || name == "." || name == ".." {
		name = "tai-lieu"
	}
	if r := []rune(name); len(r) > 200 {
		name = string(r[:200])
	}
	return name
}
