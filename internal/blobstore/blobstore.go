// Package blobstore keeps the files of nomination dossiers behind one interface, gocloud.dev's
// portable blob.Bucket: local files beside the embedded database by default, S3-compatible
// object storage in production (STORAGE_URL=s3://bucket?endpoint=…&region=…&use_path_style=true,
// credentials from the standard AWS variables).
package blobstore

import (
	"context"
	"fmt"
	"path/filepath"

	"gocloud.dev/blob"
	_ "gocloud.dev/blob/fileblob" // file:// buckets
	_ "gocloud.dev/blob/s3blob"   // s3:// buckets
)

// Open opens the bucket a URL names.
func Open(ctx context.Context, url string) (*blob.Bucket, error) {
	b, err := blob.OpenBucket(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("open the document store: %w", err)
	}
	return b, nil
}

// Beside returns the URL of a directory of files next to an embedded database file.
func Beside(dbPath string) string {
	abs, err := filepath.Abs(filepath.Join(filepath.Dir(dbPath), "documents"))
	if err != nil {
		abs = filepath.Join(filepath.Dir(dbPath), "documents")
	}
	return "file://" + filepath.ToSlash(abs) + "?create_dir=true&no_tmp_dir=true"
}
