// Package auth signs users in: password hashes, short-lived JWT access tokens, rotating
// refresh tokens, login rate limits, and the HTTP middleware that turns a Bearer token into
// the request's viewer.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Token settings.
const (
	Issuer          = "vinhdanh"
	Audience        = "vinhdanh-api"
	DefaultAccess   = 15 * time.Minute
	DefaultRefresh  = 30 * 24 * time.Hour
	MinSecretLength = 32
	MinSecretBits   = 100 // estimated entropy a secret must carry: 32 random hex digits carry ~118
	signingMethod   = "HS256"
)

// ErrInvalidToken is wrapped by every rejection of an access token.
var ErrInvalidToken = errors.New("invalid or expired access token")

// Claims are the claims of an access token.
type Claims struct {
	jwt.RegisteredClaims
	Type    string `json:"typ"`
	Session string `json:"sid"` // the refresh-token family: revoking it ends the token at once
}

// Validate adds our own check to the standard ones: only access tokens are accepted.
func (c *Claims) Validate() error {
	if c.Type != "access" {
		return errors.New("not an access token")
	}
	if _, err := strconv.Atoi(c.Subject); err != nil {
		return errors.New("bad subject")
	}
	if c.Session == "" {
		return errors.New("no session")
	}
	return nil
}

// Signer issues and verifies access tokens with one HMAC key.
type Signer struct {
	key    []byte
	kid    string
	ttl    time.Duration
	now    func() time.Time
	parser *jwt.Parser
}

// NewSigner returns a signer for key. The key id is derived from the key, so tokens signed
// with a rotated-out key are rejected as unknown rather than as bad signatures.
func NewSigner(key []byte, ttl time.Duration) (*Signer, error) {
	if len(key) < MinSecretLength {
		return nil, fmt.Errorf("the JWT secret needs at least %d bytes, got %d", MinSecretLength, len(key))
	}
	if bits := entropyBits(key); bits < MinSecretBits {
		return nil, fmt.Errorf("the JWT secret is too predictable (about %.0f bits of entropy, at least %d needed): use e.g. `openssl rand -base64 48`", bits, MinSecretBits)
	}
	if ttl <= 0 {
		ttl = DefaultAccess
	}
	sum := sha256.Sum256(key)
	s := &Signer{key: key, kid: hex.EncodeToString(sum[:6]), ttl: ttl, now: time.Now}
	s.parser = jwt.NewParser(
		jwt.WithValidMethods([]string{signingMethod}),
		jwt.WithIssuer(Issuer),
		jwt.WithAudience(Audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(30*time.Second),
		jwt.WithTimeFunc(func() time.Time { return s.now() }),
	)
	return s, nil
}

// RandomSecret returns a new random secret, for the embedded demo only.
func RandomSecret() []byte {
	b := make([]byte, 48)
	_, _ = rand.Read(b)
	return b
}

// Issue signs an access token for the user's session and returns it with its expiry.
func (s *Signer) Issue(userID int, session string) (string, time.Time, error) {
	now := s.now().UTC()
	exp := now.Add(s.ttl)
	claims := Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    Issuer,
			Audience:  jwt.ClaimStrings{Audience},
			Subject:   strconv.Itoa(userID),
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(exp),
			ID:        randomID(),
		},
		Type:    "access",
		Session: session,
	}
	t := jwt.NewWithClaims(jwt.GetSigningMethod(signingMethod), claims)
	t.Header["kid"] = s.kid
	signed, err := t.SignedString(s.key)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("sign access token: %w", err)
	}
	return signed, exp, nil
}

// Verify parses an access token and returns the user and session it was issued to. A token
// that claims to live longer than this signer issues tokens for is refused, whoever signed it.
func (s *Signer) Verify(raw string) (int, string, error) {
	id, session, _, err := s.VerifyUntil(raw)
	return id, session, err
}

// VerifyUntil is Verify, also telling when the token expires.
func (s *Signer) VerifyUntil(raw string) (int, string, time.Time, error) {
	var claims Claims
	_, err := s.parser.ParseWithClaims(raw, &claims, func(t *jwt.Token) (any, error) {
		if kid, _ := t.Header["kid"].(string); kid != s.kid {
			return nil, errors.New("unknown key id")
		}
		return s.key, nil
	})
	if err != nil {
		return 0, "", time.Time{}, fmt.Errorf("%w: %v", ErrInvalidToken, err)
	}
	if claims.IssuedAt == nil || claims.ExpiresAt.Sub(claims.IssuedAt.Time) > s.ttl {
		return 0, "", time.Time{}, fmt.Errorf("%w: lifetime longer than %s", ErrInvalidToken, s.ttl)
	}
	id, _ := strconv.Atoi(claims.Subject)
	return id, claims.Session, claims.ExpiresAt.Time, nil
}

// entropyBits estimates the entropy of a secret from the frequencies of its bytes: a repeated
// or patterned string ("aaaa…", "abcabc…") scores low, random bytes score about 8 bits each.
func entropyBits(key []byte) float64 {
	var counts [256]int
	for _, b := range key {
		counts[b]++
	}
	perByte := 0.0
	for _, n := range counts {
		if n > 0 {
			p := float64(n) / float64(len(key))
			perByte -= p * math.Log2(p)
		}
	}
	return perByte * float64(len(key))
}

func randomID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is how refresh tokens are stored: a leaked table yields no usable token.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
