package workflow

import (
	"context"
	"fmt"
	"strings"
	"time"

	"vinhdanh/ent"
	"vinhdanh/internal/apperr"
)

// Revoke marks an award revoked with the reason, after a false dossier or fraud. The award
// stays on record; honor rolls drop it and the verification page says it is revoked.
func Revoke(ctx context.Context, c *ent.Client, id int, reason string) (*ent.Award, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, apperr.Invalid("reason", "say why the award is revoked")
	}
	a, err := c.Award.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "id", Message: fmt.Sprintf("award %d not found", id)}
	}
	if err != nil {
		return nil, fmt.Errorf("load award %d: %w", id, err)
	}
	if a.RevokedAt != nil {
		return nil, apperr.Invalid("id", "award %d was already revoked on %s", id, a.RevokedAt.Format("2006-01-02"))
	}
	revoked, err := c.Award.UpdateOne(a).SetRevokedAt(time.Now().UTC()).SetRevocationReason(reason).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("revoke award %d: %w", id, err)
	}
	return revoked, nil
}
