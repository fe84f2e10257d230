package app

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"vinhdanh/ent"
	"vinhdanh/ent/user"
	"vinhdanh/internal/audit"
	"vinhdanh/internal/auth"
	"vinhdanh/internal/config"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/importer"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/viewer"
)

// ErrImportInvalid is the import command's failure when rows are in error: the report says
// which; the exit status is not zero.
var ErrImportInvalid = errors.New("the file has rows in error; nothing was written")

// Import imports a file from the command line, acting as a named account: the same
// permissions, rules and audit as an import through the API. It prints a summary (or, with
// --json, the whole report) on out and progress on progress.
func Import(ctx context.Context, cfg config.Config, args []string, out, progress io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(progress)
	as := fs.String("as", "", "the email of the account to act as (required)")
	dry := fs.Bool("dry-run", false, "check every row, write nothing")
	asJSON := fs.Bool("json", false, "print the per-row report as JSON")
	var o importer.Options
	fs.IntVar(&o.IssuerID, "issuer", 0, "the body that signed the decisions, when the file has no \"Cơ quan khen thưởng\" column (default: the account's unit)")
	fs.IntVar(&o.ProposerID, "proposer", 0, "the proposing unit of a nomination list (default: the account's unit)")
	fs.StringVar(&o.Period, "period", "", "the period of rows without one, e.g. 2024-2025")
	kind := fs.String("period-kind", string(enum.PeriodSchoolYear), "the kind of bare years: SCHOOL_YEAR, CALENDAR_YEAR, TERM or PHASE")
	fs.StringVar(&o.DocumentReference, "reference", "", "where the paper decisions are kept (default: the file's name)")
	fs.StringVar(&o.SignerName, "signer", "", "who signed the decisions")
	fs.StringVar(&o.SignerTitle, "signer-title", "", "the signer's title")
	fs.BoolVar(&o.Private, "private", false, "keep the imported awards off the public roll")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *as == "" || fs.NArg() != 1 {
		return errors.New("usage: vinhdanh import --as EMAIL [--dry-run] [--json] [flags] FILE")
	}
	o.DryRun, o.PeriodKind = *dry, enum.PeriodKind(*kind)
	path := fs.Arg(0)
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	db, err := prepareConfigured(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, err = actAs(ctx, db.Client, *as)
	if err != nil {
		return err
	}
	var last time.Time
	o.Progress = func(done, total int) {
		if time.Since(last) > time.Second || done == total {
			last = time.Now()
			fmt.Fprintf(progress, "written %d of %d rows\n", done, total)
		}
	}
	start := time.Now()
	rep, err := importer.Run(audit.WithOperation(ctx, "import"), db.Client, filepath.Base(path), data, o)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		printReport(out, rep, time.Since(start))
	}
	if !rep.Valid {
		return ErrImportInvalid
	}
	return nil
}

// actAs returns ctx acting as the active account with that email.
func actAs(ctx context.Context, c *ent.Client, email string) (context.Context, error) {
	u, err := c.User.Query().Where(user.Email(auth.NormalizeEmail(email)), user.Active(true)).WithScope().
		Only(rule.SystemContext(ctx))
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("no active account %s", email)
	}
	if err != nil {
		return nil, fmt.Errorf("load account %s: %w", email, err)
	}
	v, err := auth.ViewerOf(ctx, c, u)
	if err != nil {
		return nil, err
	}
	return viewer.NewContext(ctx, v), nil
}

func printReport(w io.Writer, rep *importer.Report, took time.Duration) {
	for _, r := range rep.Rows {
		for _, p := range r.Problems {
			col := ""
			if p.Column != nil {
				col = " [" + *p.Column + "]"
			}
			fmt.Fprintf(w, "row %d%s: %s\n", r.Row, col, p.Message)
		}
	}
	what := fmt.Sprintf("%d decisions, %d awards", rep.Decisions, rep.Awards)
	if rep.Layout == importer.NominationList {
		what = fmt.Sprintf("%d nominations", rep.Nominations)
	}
	state := "dry run: nothing written"
	switch {
	case !rep.Valid:
		state = fmt.Sprintf("%d rows in error: nothing written", rep.Errors())
	case rep.Committed:
		state = "committed"
	}
	fmt.Fprintf(w, "%s: %d rows, %s, %d people matched, %d new; %s (%s)\n", rep.File, len(rep.Rows), what,
		rep.MatchedIndividuals, rep.NewIndividuals, state, took.Round(time.Millisecond))
}
