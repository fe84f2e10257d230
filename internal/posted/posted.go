// Package posted keeps posted_awards: each public, unrevoked award to a person, filed once
// under every unit the person holds or held a post in. An honor roll holds the awards of the
// people posted in its units; found through the people, a city's roll costs one index seek
// per member of its staff (thousands), found here one index range per unit.
//
// The table is derived and never written by hand: the award and position hooks call Awards
// and People after each write, in the writer's transaction; internal/sortkeys rewrites its
// roll keys with the awards'; Backfill fills it for a database written before it existed.
// Rows are rewritten from the awards and positions as they stand, so a sync is idempotent.
package posted

import (
	"context"
	"fmt"
	"strings"

	"vinhdanh/ent"
	"vinhdanh/internal/rule"
)

// insert files the public, unrevoked awards to people under each unit they were posted in;
// the caller adds which awards. DISTINCT: two posts in one unit file the award once.
const insert = `INSERT INTO posted_awards (award_id, collective_id, individual_id, level_id, period_kind, period_start_year, period_end_year, roll_key)
SELECT DISTINCT a.id, p.collective_id, a.individual_id, a.level_id, a.period_kind, a.period_start_year, a.period_end_year, a.roll_key
FROM awards a JOIN positions p ON p.individual_id = a.individual_id
WHERE a.public = ? AND a.revoked_at IS NULL`

// batch bounds the ids of one statement.
const batch = 500

// NewAwards files awards just given (nothing to clear).
func NewAwards(ctx context.Context, c *ent.Client, ids ...int) error {
	return sync(ctx, c, "", "a.id", ids)
}

// Awards files the awards again, as they stand: after an award is hidden, revoked, restored,
// moved to another period or level, or renamed.
func Awards(ctx context.Context, c *ent.Client, ids ...int) error {
	return sync(ctx, c, "award_id", "a.id", ids)
}

// People files the awards of the people again: after one of their posts is recorded, moved or
// removed.
func People(ctx context.Context, c *ent.Client, ids ...int) error {
	return sync(ctx, c, "individual_id", "a.individual_id", ids)
}

// sync clears the rows whose column holds one of the ids (none to clear when column is empty)
// and files the awards whose awardColumn holds one.
func sync(ctx context.Context, c *ent.Client, column, awardColumn string, ids []int) error {
	for len(ids) > 0 {
		n := min(len(ids), batch)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		in := "(" + strings.TrimSuffix(strings.Repeat("?,", n), ",") + ")"
		if column != "" {
			if _, err := c.ExecContext(ctx, "DELETE FROM posted_awards WHERE "+column+" IN "+in, args...); err != nil {
				return fmt.Errorf("file posted awards by %s: clear: %w", awardColumn, err)
			}
		}
		if _, err := c.ExecContext(ctx, insert+" AND "+awardColumn+" IN "+in, append([]any{true}, args...)...); err != nil {
			return fmt.Errorf("file posted awards by %s: %w", awardColumn, err)
		}
		ids = ids[n:]
	}
	return nil
}

// Rebuild files every award again.
func Rebuild(ctx context.Context, c *ent.Client) error {
	if _, err := c.ExecContext(ctx, "DELETE FROM posted_awards"); err != nil {
		return fmt.Errorf("rebuild posted awards: clear: %w", err)
	}
	if _, err := c.ExecContext(ctx, insert, true); err != nil {
		return fmt.Errorf("rebuild posted awards: %w", err)
	}
	return nil
}

// Backfill rebuilds the table when it is empty: a database written before the table existed,
// or loaded without the hooks. (When nothing is due, the rebuild's INSERT … SELECT finds
// nothing, at the cost of the search that would have asked whether anything is due.)
func Backfill(ctx context.Context, c *ent.Client) error {
	filed, err := c.PostedAward.Query().Exist(rule.SystemContext(ctx))
	if err != nil || filed {
		return err
	}
	return Rebuild(ctx, c)
}
