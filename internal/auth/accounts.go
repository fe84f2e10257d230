package auth

import (
	"context"
	"errors"
	"fmt"

	"vinhdanh/ent"
	"vinhdanh/internal/apperr"
)

// CreateUser creates an account with a hashed password. Permissions are the data layer's.
func CreateUser(ctx context.Context, c *ent.Client, in ent.CreateUserInput, password string) (*ent.User, error) {
	hash, err := HashPassword(password)
	if err != nil {
		return nil, passwordError(err)
	}
	in.Email = NormalizeEmail(in.Email)
	u, err := c.User.Create().SetInput(in).SetPasswordHash(hash).Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, &apperr.Error{Code: apperr.Conflict, Field: "email", Message: fmt.Sprintf("an account for %s already exists", in.Email)}
	}
	if err != nil {
		return nil, fmt.Errorf("create user %s: %w", in.Email, err)
	}
	return u, nil
}

// UpdateUser changes an account, and its password when one is given.
func UpdateUser(ctx context.Context, c *ent.Client, id int, in ent.UpdateUserInput, password *string) (*ent.User, error) {
	if in.Email != nil {
		e := NormalizeEmail(*in.Email)
		in.Email = &e
	}
	u := c.User.UpdateOneID(id).SetInput(in)
	if password != nil {
		hash, err := HashPassword(*password)
		if err != nil {
			return nil, passwordError(err)
		}
		u.SetPasswordHash(hash)
	}
	updated, err := u.Save(ctx)
	switch {
	case ent.IsNotFound(err):
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "id", Message: fmt.Sprintf("user %d not found", id)}
	case ent.IsConstraintError(err):
		return nil, &apperr.Error{Code: apperr.Conflict, Field: "email", Message: "another account has this email"}
	case err != nil:
		return nil, fmt.Errorf("update user %d: %w", id, err)
	}
	return updated, nil
}

func passwordError(err error) error {
	if errors.Is(err, ErrWeakPassword) || err.Error() == "a password may have at most 72 bytes" {
		return apperr.Invalid("password", "%v", err)
	}
	return err
}
