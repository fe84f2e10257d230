package auth

import (
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

var testKey = []byte("0123456789abcdef0123456789abcdef-test")

func newTestSigner(t *testing.T) *Signer {
	t.Helper()
	s, err := NewSigner(testKey, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// forge signs claims with the given method and key, setting our kid unless told otherwise.
func forge(t *testing.T, s *Signer, method jwt.SigningMethod, key any, mutate func(*Claims, map[string]any)) string {
	t.Helper()
	now := time.Now()
	c := &Claims{RegisteredClaims: jwt.RegisteredClaims{
		Issuer: Issuer, Audience: jwt.ClaimStrings{Audience}, Subject: "42",
		IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Minute)),
	}, Type: "access", Session: "session"}
	tok := jwt.NewWithClaims(method, c)
	tok.Header["kid"] = s.kid
	if mutate != nil {
		mutate(c, tok.Header)
	}
	raw, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestTokenAttacks(t *testing.T) {
	s := newTestSigner(t)
	good, _, err := s.Issue(42, "session")
	if err != nil {
		t.Fatal(err)
	}
	if id, _, err := s.Verify(good); err != nil || id != 42 {
		t.Fatalf("a genuine token: %d, %v", id, err)
	}
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := NewSigner([]byte("another-secret-of-at-least-32-bytes!!"), time.Minute)
	otherToken, _, _ := other.Issue(42, "session")
	parts := strings.Split(good, ".")

	attacks := map[string]string{
		"alg none":             forge(t, s, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, nil),
		"another key, our kid": forge(t, s, jwt.SigningMethodHS256, []byte("another-secret-of-at-least-32-bytes!!"), nil),
		"another signer":       otherToken,
		// Confusion: an RS256 token; a verifier that trusted the header's alg would use our
		// HMAC secret as an RSA public key or vice versa.
		"RS256 instead of HS256": forge(t, s, jwt.SigningMethodRS256, rsaKey, nil),
		"HS512":                  forge(t, s, jwt.SigningMethodHS512, testKey, nil),
		"expired": forge(t, s, jwt.SigningMethodHS256, testKey, func(c *Claims, _ map[string]any) {
			c.ExpiresAt = jwt.NewNumericDate(time.Now().Add(-time.Hour))
		}),
		"no expiry": forge(t, s, jwt.SigningMethodHS256, testKey, func(c *Claims, _ map[string]any) { c.ExpiresAt = nil }),
		"issued in the future": forge(t, s, jwt.SigningMethodHS256, testKey, func(c *Claims, _ map[string]any) {
			c.IssuedAt = jwt.NewNumericDate(time.Now().Add(time.Hour))
		}),
		"lifetime longer than the TTL": forge(t, s, jwt.SigningMethodHS256, testKey, func(c *Claims, _ map[string]any) {
			c.ExpiresAt = jwt.NewNumericDate(time.Now().Add(30 * 24 * time.Hour))
		}),
		"no session":          forge(t, s, jwt.SigningMethodHS256, testKey, func(c *Claims, _ map[string]any) { c.Session = "" }),
		"wrong issuer":        forge(t, s, jwt.SigningMethodHS256, testKey, func(c *Claims, _ map[string]any) { c.Issuer = "someone-else" }),
		"wrong audience":      forge(t, s, jwt.SigningMethodHS256, testKey, func(c *Claims, _ map[string]any) { c.Audience = jwt.ClaimStrings{"other-api"} }),
		"not an access token": forge(t, s, jwt.SigningMethodHS256, testKey, func(c *Claims, _ map[string]any) { c.Type = "refresh" }),
		"unknown kid":         forge(t, s, jwt.SigningMethodHS256, testKey, func(_ *Claims, h map[string]any) { h["kid"] = "old-key" }),
		"tampered payload":    parts[0] + "." + strings.TrimRight(parts[1], "A") + "B." + parts[2],
		"garbage":             "not.a.token",
	}
	for name, raw := range attacks {
		if id, _, err := s.Verify(raw); !errors.Is(err, ErrInvalidToken) {
			t.Errorf("%s: accepted (user %d, err %v)", name, id, err)
		}
	}
}

func TestWeakSecretRefused(t *testing.T) {
	tests := []struct {
		name   string
		secret string
		ok     bool
	}{
		{"too short", "short", false},
		{"32 times a", strings.Repeat("a", 32), false},
		{"a pattern", strings.Repeat("abcd", 12), false},
		{"32 random hex digits", "9f86d081884c7d659a2feaa0c55ad015", true},
		{"64 random base64 characters", "q3V0aGVudGljYXRlZC1yYW5kb20tYnl0ZXMtZm9yLXZpbmgtZGFuaC1rZXktMDE", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewSigner([]byte(tt.secret), time.Minute)
			if (err == nil) != tt.ok {
				t.Errorf("NewSigner(%q) error = %v, want ok=%v", tt.secret, err, tt.ok)
			}
		})
	}
}

func TestPasswords(t *testing.T) {
	BcryptCost = 4
	h, err := HashPassword("mật khẩu đủ dài")
	if err != nil {
		t.Fatal(err)
	}
	if !checkPassword(h, "mật khẩu đủ dài") || checkPassword(h, "mật khẩu sai") || checkPassword("", "anything") {
		t.Error("checkPassword disagrees with the hash")
	}
	if _, err := HashPassword("short"); !errors.Is(err, ErrWeakPassword) {
		t.Errorf("short password: %v", err)
	}
	if strings.Contains(h, "mật") {
		t.Error("the hash contains the password")
	}
}
