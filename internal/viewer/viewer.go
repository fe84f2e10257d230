// Package viewer carries who is making a request through the context, so that ent privacy
// rules can decide every read and write in the data layer, whatever resolver asked.
package viewer

import (
	"context"
	"slices"

	"vinhdanh/internal/apperr"
)

// Role is what a user may do inside their scope.
type Role string

// Roles, from most to least powerful.
const (
	RoleAdmin           Role = "ADMIN"            // everything, everywhere
	RoleFederationAdmin Role = "FEDERATION_ADMIN" // users and records inside the scope subtree
	RoleStaff           Role = "STAFF"            // drafts, submits and reviews nominations inside the scope
	RoleViewer          Role = "VIEWER"           // reads private records inside the scope
)

// Viewer is an authenticated user. The zero value is never used: anonymous requests carry
// no Viewer at all.
type Viewer struct {
	UserID  int
	Name    string // display name, for history records
	Role    Role
	ScopeID int   // the user's collective; 0 for an admin without one
	Scope   []int // ScopeID and every descendant, sorted; with the units it succeeded
	// Retired is set when the user's collective has been dissolved: its accounts read what
	// they could, but act no more.
	Retired bool
}

// Admin reports whether the viewer may do everything.
func (v *Viewer) Admin() bool { return v != nil && v.Role == RoleAdmin }

// InScope reports whether the collective lies in the viewer's subtree. Admins see all.
func (v *Viewer) InScope(collectiveID int) bool {
	if v == nil {
		return false
	}
	if v.Admin() {
		return true
	}
	_, found := slices.BinarySearch(v.Scope, collectiveID)
	return found
}

// CanWrite reports whether the role may change records at all.
func (v *Viewer) CanWrite() bool {
	return v != nil && !v.Retired && (v.Role == RoleAdmin || v.Role == RoleFederationAdmin || v.Role == RoleStaff)
}

type ctxKey struct{}

// NewContext returns ctx carrying v.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, ctxKey{}, v)
}

// FromContext returns the viewer, or nil for an anonymous request.
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(ctxKey{}).(*Viewer)
	return v
}

// Refusal is the error for an action the request may not take: UNAUTHENTICATED when nobody
// is signed in ("sign in to …"), FORBIDDEN otherwise ("not allowed to …").
func Refusal(ctx context.Context, what string) *apperr.Error {
	if FromContext(ctx) == nil {
		return &apperr.Error{Code: apperr.Unauthenticated, Message: "sign in to " + what}
	}
	return &apperr.Error{Code: apperr.Forbidden, Message: "not allowed to " + what}
}
