package auth

import (
	"errors"
	"fmt"
	"sync"

	"golang.org/x/crypto/bcrypt"
)

// MinPasswordLen is the shortest password accepted for an account.
const MinPasswordLen = 10

// BcryptCost is the work factor of new password hashes. Tests lower it.
var BcryptCost = 12

// ErrWeakPassword is returned for passwords too short to keep.
var ErrWeakPassword = fmt.Errorf("a password needs at least %d characters", MinPasswordLen)

// HashPassword returns the bcrypt hash of password.
func HashPassword(password string) (string, error) {
	if len([]rune(password)) < MinPasswordLen {
		return "", ErrWeakPassword
	}
	if len(password) > 72 {
		// bcrypt reads 72 bytes; longer passwords would silently lose their tail.
		return "", errors.New("a password may have at most 72 bytes")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), BcryptCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// checkPassword reports whether password matches hash. An empty hash (no such account) still
// costs one comparison at the cost real hashes have, so unknown accounts take as long as
// known ones whatever the load.
func checkPassword(hash, password string) bool {
	dummy := dummyHash()
	if hash == "" {
		hash = dummy
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil && hash != dummy
}

var (
	dummyMu     sync.Mutex
	dummyByCost = map[int]string{}
)

// dummyHash is compared against when the account does not exist: a hash at BcryptCost, the
// cost of the hashes the accounts have.
func dummyHash() string {
	dummyMu.Lock()
	defer dummyMu.Unlock()
	h, ok := dummyByCost[BcryptCost]
	if !ok {
		b, _ := bcrypt.GenerateFromPassword([]byte("no account has this password"), BcryptCost)
		h = string(b)
		dummyByCost[BcryptCost] = h
	}
	return h
}
