// Package committed runs what must wait until a write is committed: a cache that forgets its
// answers when the write is made, not when it becomes visible, can read the old record again
// in between and keep it; one that forgets on a rollback forgets for nothing.
package committed

import (
	"context"

	"vinhdanh/ent"
)

// Hook calls f once each write it sees is committed: at the commit of the write's transaction,
// or at once for a write outside one. A failed write or a rolled-back transaction calls
// nothing.
func Hook(f func()) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			if tx, ok := m.(interface{ Tx() (*ent.Tx, error) }); ok {
				if t, err := tx.Tx(); err == nil {
					t.OnCommit(func(next ent.Committer) ent.Committer {
						return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
							err := next.Commit(ctx, tx)
							if err == nil {
								f()
							}
							return err
						})
					})
					return v, nil
				}
			}
			f()
			return v, nil
		})
	}
}
