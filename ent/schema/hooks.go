package schema

import (
	"context"
	"fmt"

	"entgo.io/ent"

	gen "vinhdanh/ent"
	"vinhdanh/ent/award"
	"vinhdanh/ent/hook"
	"vinhdanh/internal/apperr"
	"vinhdanh/internal/enum"
	"vinhdanh/internal/outbox"
	"vinhdanh/internal/search"
	"vinhdanh/internal/textfold"
	"vinhdanh/internal/webhook"
)

// reindexCollective rewrites a collective's sort key and search terms when its names change.
func reindexCollective(next ent.Mutator) ent.Mutator {
	return hook.CollectiveFunc(func(ctx context.Context, m *gen.CollectiveMutation) (ent.Value, error) {
		name, nameChanged := m.Name()
		_, shortChanged := m.ShortName()
		if nameChanged {
			m.SetNameKey(textfold.SortKey(name, false))
		}
		v, err := next.Mutate(ctx, m)
		if err != nil || !(nameChanged || shortChanged) {
			return v, err
		}
		c := v.(*gen.Collective)
		return v, search.IndexCollective(ctx, m.Client(), c.ID, c.Name, c.ShortName)
	})
}

// reindexIndividual rewrites an individual's search terms when the name changes.
func reindexIndividual(next ent.Mutator) ent.Mutator {
	return hook.IndividualFunc(func(ctx context.Context, m *gen.IndividualMutation) (ent.Value, error) {
		name, changed := m.FullName()
		if changed {
			m.SetNameKey(textfold.SortKey(name, true))
		}
		v, err := next.Mutate(ctx, m)
		if err != nil || !changed {
			return v, err
		}
		p := v.(*gen.Individual)
		return v, search.IndexIndividual(ctx, m.Client(), p.ID, p.FullName)
	})
}

// recipientMutation is what awards and nominations share: one recipient of a stated kind
// and an award level that must accept that kind.
type recipientMutation interface {
	ent.Mutation
	Client() *gen.Client
	RecipientKind() (enum.RecipientKind, bool)
	OldRecipientKind(context.Context) (enum.RecipientKind, error)
	CollectiveID() (int, bool)
	IndividualID() (int, bool)
	LevelID() (int, bool)
}

func checkAwardRecipient(next ent.Mutator) ent.Mutator {
	return hook.AwardFunc(func(ctx context.Context, m *gen.AwardMutation) (ent.Value, error) {
		name, level, err := checkRecipient(ctx, m, "award")
		if err != nil {
			return nil, err
		}
		if _, set := m.RecipientName(); !set && name != "" {
			m.SetRecipientName(name)
		}
		if err := setRollKey(ctx, m, level); err != nil {
			return nil, err
		}
		return next.Mutate(ctx, m)
	})
}

// setRollKey keeps an award's honor-roll key in step with its level and recipient name.
// level is the award's level when the caller has already loaded it.
func setRollKey(ctx context.Context, m *gen.AwardMutation, level *gen.AwardLevel) error {
	levelID, levelSet := m.LevelID()
	name, nameSet := m.RecipientName()
	if !levelSet && !nameSet {
		return nil
	}
	if m.Op().Is(ent.OpUpdate) {
		return apperr.Invalid("recipientName", "rename awards one at a time")
	}
	kind, kindSet := m.RecipientKind()
	if m.Op().Is(ent.OpUpdateOne) {
		var err error
		if !levelSet {
			if levelID, err = m.OldLevelID(ctx); err != nil {
				return fmt.Errorf("roll key: %w", err)
			}
		}
		if !nameSet {
			if name, err = m.OldRecipientName(ctx); err != nil {
				return fmt.Errorf("roll key: %w", err)
			}
		}
		if !kindSet {
			if kind, err = m.OldRecipientKind(ctx); err != nil {
				return fmt.Errorf("roll key: %w", err)
			}
		}
	}
	if level == nil || level.ID != levelID {
		var err error
		if level, err = m.Client().AwardLevel.Get(ctx, levelID); err != nil {
			return fmt.Errorf("roll key: load level %d: %w", levelID, err)
		}
	}
	m.SetRollKey(RollKey(level.Rank, name, kind))
	return nil
}

// RollKey orders an award on honor rolls: higher level ranks first, then the recipient's
// name in Vietnamese order.
func RollKey(rank int, name string, kind enum.RecipientKind) string {
	return fmt.Sprintf("%06d", 999999-max(0, min(rank, 999999))) + textfold.SortKey(name, kind == enum.RecipientIndividual)
}

// rerankAwards rewrites the roll keys of a level's awards when its rank changes.
func rerankAwards(next ent.Mutator) ent.Mutator {
	return hook.AwardLevelFunc(func(ctx context.Context, m *gen.AwardLevelMutation) (ent.Value, error) {
		rank, changed := m.Rank()
		v, err := next.Mutate(ctx, m)
		if err != nil || !changed || !m.Op().Is(ent.OpUpdateOne) {
			return v, err
		}
		id, _ := m.ID()
		awards, err := m.Client().Award.Query().Where(award.LevelID(id)).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("rerank awards of level %d: %w", id, err)
		}
		for _, a := range awards {
			if err := m.Client().Award.UpdateOne(a).SetRollKey(RollKey(rank, a.RecipientName, a.RecipientKind)).Exec(ctx); err != nil {
				return nil, fmt.Errorf("rerank award %d: %w", a.ID, err)
			}
		}
		return v, nil
	})
}

func checkNominee(next ent.Mutator) ent.Mutator {
	return hook.NominationFunc(func(ctx context.Context, m *gen.NominationMutation) (ent.Value, error) {
		if _, _, err := checkRecipient(ctx, m, "nomination"); err != nil {
			return nil, err
		}
		return next.Mutate(ctx, m)
	})
}

// checkRecipient enforces "exactly one recipient, of the stated kind, for a level that
// accepts that kind" before the database's CHECK constraint would, so the client gets a
// clear message naming the field. On create it returns the recipient's current name; it
// returns the level whenever it had to load it.
func checkRecipient(ctx context.Context, m recipientMutation, what string) (string, *gen.AwardLevel, error) {
	levelID, levelSet := m.LevelID()
	if m.Op().Is(ent.OpUpdate) {
		if levelSet {
			return "", nil, apperr.Invalid("level", "the level of several %ss cannot be changed at once", what)
		}
		return "", nil, nil
	}
	if !m.Op().Is(ent.OpCreate) {
		if !levelSet {
			return "", nil, nil
		}
		kind, err := m.OldRecipientKind(ctx)
		if err != nil {
			return "", nil, fmt.Errorf("load %s recipient kind: %w", what, err)
		}
		level, err := levelAccepting(ctx, m.Client(), levelID, kind)
		return "", level, err
	}
	kind, ok := m.RecipientKind()
	if !ok {
		return "", nil, apperr.Invalid("recipientKind", "a %s needs a recipient kind", what)
	}
	cid, hasCollective := m.CollectiveID()
	iid, hasIndividual := m.IndividualID()
	switch {
	case hasCollective && hasIndividual:
		return "", nil, apperr.Invalid("recipient", "a %s has exactly one recipient: a collective or an individual, not both", what)
	case kind == enum.RecipientCollective && !hasCollective:
		return "", nil, apperr.Invalid("collectiveID", "a %s for a collective needs the collective", what)
	case kind == enum.RecipientIndividual && !hasIndividual:
		return "", nil, apperr.Invalid("individualID", "a %s for an individual needs the individual", what)
	case !levelSet:
		return "", nil, apperr.Invalid("level", "a %s needs an award level", what)
	}
	level, err := levelAccepting(ctx, m.Client(), levelID, kind)
	if err != nil {
		return "", nil, err
	}
	name, err := recipientName(ctx, m.Client(), kind, cid, iid, what == "nomination")
	return name, level, err
}

// levelAccepting loads the level and checks that it is given to recipients of kind.
func levelAccepting(ctx context.Context, c *gen.Client, levelID int, kind enum.RecipientKind) (*gen.AwardLevel, error) {
	level, err := c.AwardLevel.Get(ctx, levelID)
	if gen.IsNotFound(err) {
		return nil, apperr.Invalid("level", "award level %d does not exist", levelID)
	}
	if err != nil {
		return nil, fmt.Errorf("load award level %d: %w", levelID, err)
	}
	if (kind == enum.RecipientCollective && !level.AcceptsCollective) ||
		(kind == enum.RecipientIndividual && !level.AcceptsIndividual) {
		return nil, apperr.Invalid("level", "%s (%s) is not given to recipients of kind %s", level.Name, level.Code, kind)
	}
	return level, nil
}

// recipientName loads the recipient, which must exist; a collective proposed for a new
// award must also still exist (awards of dissolved units stay on record).
func recipientName(ctx context.Context, c *gen.Client, kind enum.RecipientKind, collectiveID, individualID int, mustBeActive bool) (string, error) {
	if kind == enum.RecipientCollective {
		col, err := c.Collective.Get(ctx, collectiveID)
		if gen.IsNotFound(err) {
			return "", apperr.Invalid("collectiveID", "collective %d does not exist", collectiveID)
		}
		if err != nil {
			return "", fmt.Errorf("load collective %d: %w", collectiveID, err)
		}
		if mustBeActive && col.DissolvedOn != nil {
			return "", apperr.Invalid("collectiveID", "%s was dissolved on %s and cannot be nominated", col.Name, col.DissolvedOn.Format("2006-01-02"))
		}
		return col.Name, nil
	}
	p, err := c.Individual.Get(ctx, individualID)
	if gen.IsNotFound(err) {
		return "", apperr.Invalid("individualID", "individual %d does not exist", individualID)
	}
	if err != nil {
		return "", fmt.Errorf("load individual %d: %w", individualID, err)
	}
	return p.FullName, nil
}

// writeOutbox writes the outbox row of a history event once the event is saved, with the
// mutation's client: the step's transaction.
func writeOutbox(next ent.Mutator) ent.Mutator {
	return hook.NominationEventFunc(func(ctx context.Context, m *gen.NominationEventMutation) (ent.Value, error) {
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		return v, outbox.Write(ctx, m.Client(), v.(*gen.NominationEvent))
	})
}

// checkWebhook refuses an endpoint that is not a plain https URL, and an active webhook past
// a federation's bound (registered or re-enabled).
func checkWebhook(next ent.Mutator) ent.Mutator {
	return hook.WebhookFunc(func(ctx context.Context, m *gen.WebhookMutation) (ent.Value, error) {
		if u, ok := m.URL(); ok {
			if err := webhook.CheckURL(u); err != nil {
				return nil, err
			}
		}
		active, set := m.Active()
		if m.Op().Is(ent.OpCreate) && !set {
			active, set = true, true // the default
		}
		if set && active && m.Op().Is(ent.OpUpdate) {
			return nil, apperr.Invalid("active", "enable webhooks one at a time")
		}
		if set && active {
			collectiveID, ok := m.CollectiveID()
			id, _ := m.ID()
			if !ok {
				old, err := m.OldCollectiveID(ctx)
				if err != nil {
					return nil, err
				}
				collectiveID = old
			}
			if err := webhook.CheckRoom(ctx, m.Client(), collectiveID, id); err != nil {
				return nil, err
			}
		}
		return next.Mutate(ctx, m)
	})
}
