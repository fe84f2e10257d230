package graph

import (
	"vinhdanh/graph/model"
	"vinhdanh/internal/importer"
)

// importOptions reads the import's input; an import manages its own transaction (a dry run
// rolls back), so its resolver is given the client, not a request transaction.
func importOptions(in model.ImportInput) importer.Options {
	o := importer.Options{DryRun: in.DryRun, Period: deref(in.Period), DocumentReference: deref(in.DocumentReference),
		SignerName: deref(in.SignerName), SignerTitle: deref(in.SignerTitle), Private: in.Private != nil && *in.Private}
	if in.IssuerID != nil {
		o.IssuerID = *in.IssuerID
	}
	if in.ProposerID != nil {
		o.ProposerID = *in.ProposerID
	}
	if in.PeriodKind != nil {
		o.PeriodKind = *in.PeriodKind
	}
	return o
}
