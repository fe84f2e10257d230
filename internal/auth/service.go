package auth

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"vinhdanh/ent"
	"vinhdanh/ent/collective"
	"vinhdanh/ent/refreshtoken"
	"vinhdanh/ent/user"
	"vinhdanh/internal/apperr"
	"vinhdanh/internal/metrics"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/tree"
	"vinhdanh/internal/viewer"
)

// Tokens is what a successful login or refresh returns.
type Tokens struct {
	AccessToken  string
	RefreshToken string
	ExpiresAt    time.Time
	User         *ent.User
}

// Service signs users in and out.
type Service struct {
	Signer     *Signer
	RefreshTTL time.Duration
	Limiter    *Limiter
	// MinLoginTime pads every failed login to the same duration, so timing tells nothing
	// about which accounts exist.
	MinLoginTime time.Duration
	now          func() time.Time
}

// LoginWindow is how long failed logins are remembered.
const LoginWindow = 15 * time.Minute

// NewService returns a service with the given signer and default limits.
func NewService(s *Signer) *Service {
	return &Service{Signer: s, RefreshTTL: DefaultRefresh, Limiter: NewLimiter(5, 20, LoginWindow),
		MinLoginTime: 400 * time.Millisecond, now: time.Now}
}

var errBadCredentials = &apperr.Error{Code: apperr.Unauthenticated, Message: "invalid email or password"}

// NormalizeEmail is how addresses are stored and compared.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// Login checks the password and issues a token pair. Failures are uniform in message and
// duration, and limited per account and per client address.
func (s *Service) Login(ctx context.Context, c *ent.Client, email, password, clientIP string) (*Tokens, error) {
	start := s.now()
	email = NormalizeEmail(email)
	if err := s.Limiter.Allow(ctx, email, clientIP); err != nil {
		metrics.FromContext(ctx).Refused("login")
		return nil, err
	}
	sys := rule.SystemContext(ctx)
	u, err := c.User.Query().Where(user.Email(email)).Only(sys)
	if err != nil && !ent.IsNotFound(err) {
		return nil, fmt.Errorf("login: find user: %w", err)
	}
	hash := ""
	if u != nil {
		hash = u.PasswordHash
	}
	if !checkPassword(hash, password) || u == nil || !u.Active {
		s.Limiter.Fail(ctx, email, clientIP)
		if pad := s.MinLoginTime - s.now().Sub(start); pad > 0 {
			select {
			case <-time.After(pad):
			case <-ctx.Done():
			}
		}
		return nil, errBadCredentials
	}
	s.Limiter.Succeed(ctx, email, clientIP)
	return s.issue(sys, c, u, randomID())
}

// Refresh rotates a refresh token: the old one stops working and a new pair is issued. A
// token that was already rotated means it leaked: the whole family is revoked. c must not be
// a transaction's client: Refresh runs its own.
func (s *Service) Refresh(ctx context.Context, c *ent.Client, token string) (*Tokens, error) {
	sys := rule.SystemContext(ctx)
	tx, err := c.Tx(sys)
	if err != nil {
		return nil, fmt.Errorf("refresh: begin: %w", err)
	}
	tokens, reused, err := s.rotate(sys, tx.Client(), token)
	if err != nil && !reused {
		_ = tx.Rollback()
		return nil, err
	}
	// A reuse revokes the family: keep that even though the call fails.
	if cerr := tx.Commit(); cerr != nil {
		return nil, fmt.Errorf("refresh: commit: %w", cerr)
	}
	return tokens, err
}

func (s *Service) rotate(ctx context.Context, c *ent.Client, token string) (*Tokens, bool, error) {
	rt, err := c.RefreshToken.Query().Where(refreshtoken.TokenHash(hashToken(token))).WithUser().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, false, errBadRefresh
	}
	if err != nil {
		return nil, false, fmt.Errorf("refresh: find token: %w", err)
	}
	now := s.now().UTC()
	switch {
	case rt.UsedAt != nil:
		if _, err := c.RefreshToken.Update().Where(refreshtoken.Family(rt.Family), refreshtoken.RevokedAtIsNil()).
			SetRevokedAt(now).Save(ctx); err != nil {
			return nil, false, fmt.Errorf("refresh: revoke family: %w", err)
		}
		return nil, true, &apperr.Error{Code: apperr.Unauthenticated, Message: "refresh token reused: every session of this login is revoked"}
	case rt.RevokedAt != nil, now.After(rt.ExpiresAt), !rt.Edges.User.Active:
		return nil, false, errBadRefresh
	}
	// Conditional on "not used yet", so two concurrent refreshes cannot both rotate it.
	n, err := c.RefreshToken.Update().Where(refreshtoken.ID(rt.ID), refreshtoken.UsedAtIsNil()).SetUsedAt(now).Save(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("refresh: rotate: %w", err)
	}
	if n == 0 {
		return nil, false, errBadRefresh
	}
	tokens, err := s.issue(ctx, c, rt.Edges.User, rt.Family)
	return tokens, false, err
}

var errBadRefresh = &apperr.Error{Code: apperr.Unauthenticated, Message: "invalid or expired refresh token"}

// Logout revokes every refresh token of the viewer.
func (s *Service) Logout(ctx context.Context, c *ent.Client, userID int) error {
	_, err := c.RefreshToken.Update().Where(refreshtoken.UserID(userID), refreshtoken.RevokedAtIsNil()).
		SetRevokedAt(s.now().UTC()).Save(rule.SystemContext(ctx))
	if err != nil {
		return fmt.Errorf("logout user %d: %w", userID, err)
	}
	return nil
}

func (s *Service) issue(ctx context.Context, c *ent.Client, u *ent.User, family string) (*Tokens, error) {
	access, exp, err := s.Signer.Issue(u.ID, family)
	if err != nil {
		return nil, err
	}
	refresh := randomID() + randomID()
	err = c.RefreshToken.Create().SetTokenHash(hashToken(refresh)).SetFamily(family).SetUserID(u.ID).
		SetExpiresAt(s.now().UTC().Add(s.RefreshTTL)).Exec(ctx)
	if err != nil {
		return nil, fmt.Errorf("store refresh token: %w", err)
	}
	return &Tokens{AccessToken: access, RefreshToken: refresh, ExpiresAt: exp, User: u}, nil
}

// Viewer loads the user an access token names and the subtree of their scope.
func (s *Service) Viewer(ctx context.Context, c *ent.Client, raw string) (*viewer.Viewer, error) {
	v, _, err := s.ViewerUntil(ctx, c, raw)
	return v, err
}

// ViewerUntil is Viewer, also telling when the token expires: a subscription authenticated
// with it ends then, and the client connects again with a fresh token.
func (s *Service) ViewerUntil(ctx context.Context, c *ent.Client, raw string) (*viewer.Viewer, time.Time, error) {
	id, session, exp, err := s.Signer.VerifyUntil(raw)
	if err != nil {
		return nil, exp, err
	}
	v, err := s.viewer(ctx, c, id, session)
	return v, exp, err
}

func (s *Service) viewer(ctx context.Context, c *ent.Client, id int, session string) (*viewer.Viewer, error) {
	sys := rule.SystemContext(ctx)
	u, err := c.User.Query().Where(user.ID(id)).WithScope().Only(sys)
	if ent.IsNotFound(err) || (err == nil && !u.Active) {
		return nil, fmt.Errorf("%w: account %s is unknown or disabled", ErrInvalidToken, strconv.Itoa(id))
	}
	if err != nil {
		return nil, fmt.Errorf("load user %d: %w", id, err)
	}
	// Logout and a detected refresh-token reuse revoke the session's family: its access
	// tokens stop working at once, not when they expire.
	alive, err := c.RefreshToken.Query().Where(refreshtoken.Family(session), refreshtoken.RevokedAtIsNil(),
		refreshtoken.UserID(id)).Exist(sys)
	if err != nil {
		return nil, fmt.Errorf("check session of user %d: %w", id, err)
	}
	if !alive {
		return nil, fmt.Errorf("%w: session ended", ErrInvalidToken)
	}
	return ViewerOf(ctx, c, u)
}

// ViewerOf is the viewer a user acts as (u loaded with its scope): the same for a request
// and for a command run in the account's name.
func ViewerOf(ctx context.Context, c *ent.Client, u *ent.User) (*viewer.Viewer, error) {
	v := &viewer.Viewer{UserID: u.ID, Name: u.DisplayName, Role: viewer.Role(u.Role)}
	if u.ScopeID != nil {
		v.ScopeID = *u.ScopeID
		var err error
		if v.Scope, err = scope(rule.SystemContext(ctx), c, *u.ScopeID); err != nil {
			return nil, err
		}
		unit := u.Edges.Scope
		v.Retired = unit != nil && unit.DissolvedOn != nil && !unit.DissolvedOn.After(tree.Today().First)
	}
	return v, nil
}

// scope is the unit's subtree today, with the units it succeeded and theirs as they stood
// the day before their dissolution: a successor's staff read and correct its predecessors'
// records.
func scope(ctx context.Context, c *ent.Client, unit int) ([]int, error) {
	ids, err := tree.Subtree(ctx, c, unit)
	if err != nil {
		return nil, err
	}
	preds, err := c.Collective.Query().Where(collective.DissolvedOnNotNil(), collective.HasSuccessorsWith(collective.IDIn(ids...))).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load the predecessors of collective %d: %w", unit, err)
	}
	for _, p := range preds {
		then, err := tree.SubtreeDuring(ctx, c, p.ID, tree.Day(p.DissolvedOn.AddDate(0, 0, -1)))
		if err != nil {
			return nil, err
		}
		ids = append(ids, then...)
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}
