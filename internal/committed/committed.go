// Package committed runs what must wait until a write is committed: a cache that forgets its
// answers when the write is made, not when it becomes visible, can read the old record again
// in between and keep it; one that forgets on a rollback forgets for nothing.
package committed

import (
	"context"
	"sync"

	"vinhdanh/ent"
)

// Hook calls f once each write it sees is committed: at the commit of the write's transaction,
// or at once for a write outside one. A failed write or a rolled-back transaction calls
// nothing. A transaction of many writes calls f once: its commit hook is registered with the
// first write only (a reorganisation rewrites thousands of tree paths in one transaction, and a
// hook per write would nest thousands of committers).
func Hook(f func()) ent.Hook {
	var armed sync.Map // ent.TxIdentity of the transactions whose commit calls f
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			if tx, ok := m.(interface{ Tx() (*ent.Tx, error) }); ok {
				if t, err := tx.Tx(); err == nil {
					id := ent.TxIdentity(t)
					if _, already := armed.LoadOrStore(id, true); already {
						return v, nil
					}
					t.OnCommit(func(next ent.Committer) ent.Committer {
						return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
							err := next.Commit(ctx, tx)
							armed.Delete(id)
							if err == nil {
								f()
							}
							return err
						})
					})
					t.OnRollback(func(next ent.Rollbacker) ent.Rollbacker {
						return ent.RollbackFunc(func(ctx context.Context, tx *ent.Tx) error {
							armed.Delete(id)
							return next.Rollback(ctx, tx)
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
