package graph

import (
	"fmt"
	"io"

	"github.com/99designs/gqlgen/graphql"

	"vinhdanh/internal/workflow"
)

// readDocument reads an uploaded dossier file, one byte past the limit so that an oversized
// file is refused by its size rather than cut.
func readDocument(file graphql.Upload) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(file.File, workflow.MaxDocumentBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read the uploaded file: %w", err)
	}
	return data, nil
}
