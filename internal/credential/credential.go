// Package credential signs award credentials so that a verifier can check them offline: a
// VC-JWT (application/vc+jwt, W3C VC-JOSE-COSE) signed with Ed25519 (EdDSA), whose public key
// is published as a JWKS and as a did:web DID document at well-known URLs.
package credential

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// MediaType is the media type of a signed credential.
const MediaType = "application/vc+jwt"

// Signer signs credentials with one Ed25519 key.
type Signer struct {
	key ed25519.PrivateKey
	kid string // the key's JWK thumbprint (RFC 7638)
}

// New makes a signer from a 32-byte seed, or from a new random key when seed is empty.
func New(seed []byte) (*Signer, error) {
	if len(seed) == 0 {
		seed = make([]byte, ed25519.SeedSize)
		if _, err := rand.Read(seed); err != nil {
			return nil, fmt.Errorf("generate a credential key: %w", err)
		}
	}
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("a credential key is a %d-byte Ed25519 seed, got %d bytes", ed25519.SeedSize, len(seed))
	}
	key := ed25519.NewKeyFromSeed(seed)
	s := &Signer{key: key}
	sum := sha256.Sum256(fmt.Appendf(nil, `{"crv":"Ed25519","kty":"OKP","x":"%s"}`, s.x()))
	s.kid = base64.RawURLEncoding.EncodeToString(sum[:])
	return s, nil
}

// ParseSeed reads a key given as base64 (standard or URL alphabet, padded or not).
func ParseSeed(s string) ([]byte, error) {
	s = strings.TrimRight(strings.TrimSpace(s), "=")
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, errors.New("the credential key is not base64")
}

func (s *Signer) x() string {
	return base64.RawURLEncoding.EncodeToString(s.key.Public().(ed25519.PublicKey))
}

// KeyID is the key's id in the JWKS and in a signed credential's header.
func (s *Signer) KeyID() string { return s.kid }

// Sign returns the credential as a compact JWS whose payload is the credential itself.
func (s *Signer) Sign(cred map[string]any) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodEdDSA, jwt.MapClaims(cred))
	t.Header["typ"] = "vc+jwt"
	t.Header["cty"] = "vc"
	t.Header["kid"] = s.kid
	signed, err := t.SignedString(s.key)
	if err != nil {
		return "", fmt.Errorf("sign credential: %w", err)
	}
	return signed, nil
}

// JWK is the public key as a JSON Web Key.
func (s *Signer) JWK() map[string]any {
	return map[string]any{"kty": "OKP", "crv": "Ed25519", "x": s.x(), "kid": s.kid, "alg": "EdDSA", "use": "sig"}
}

// JWKS is the key set published at /.well-known/jwks.json.
func (s *Signer) JWKS() map[string]any {
	return map[string]any{"keys": []any{s.JWK()}}
}

// DID is the did:web identifier of a server at base (its public URL).
func DID(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return ""
	}
	did := "did:web:" + strings.ReplaceAll(u.Host, ":", "%3A")
	if p := strings.Trim(u.Path, "/"); p != "" {
		did += ":" + strings.ReplaceAll(p, "/", ":")
	}
	return did
}

// DIDDocument is the document did:web resolves to (/.well-known/did.json).
func (s *Signer) DIDDocument(base string) map[string]any {
	did := DID(base)
	method := did + "#" + s.kid
	return map[string]any{
		"@context": []string{"https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"},
		"id":       did,
		"verificationMethod": []any{map[string]any{
			"id": method, "type": "JsonWebKey2020", "controller": did, "publicKeyJwk": s.JWK(),
		}},
		"assertionMethod": []string{method},
	}
}

// Verify checks a signed credential against a published key set and returns its payload; an
// altered credential, or one signed by another key, fails.
func Verify(token string, jwks []byte) (map[string]any, error) {
	var set struct {
		Keys []struct{ Kty, Crv, X, Kid string }
	}
	if err := json.Unmarshal(jwks, &set); err != nil {
		return nil, fmt.Errorf("read the key set: %w", err)
	}
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(token, claims, func(t *jwt.Token) (any, error) {
		for _, k := range set.Keys {
			if k.Kid == t.Header["kid"] && k.Kty == "OKP" && k.Crv == "Ed25519" {
				pub, err := base64.RawURLEncoding.DecodeString(k.X)
				if err != nil || len(pub) != ed25519.PublicKeySize {
					return nil, errors.New("the published key is not an Ed25519 public key")
				}
				return ed25519.PublicKey(pub), nil
			}
		}
		return nil, fmt.Errorf("no published key has id %v", t.Header["kid"])
	}, jwt.WithValidMethods([]string{jwt.SigningMethodEdDSA.Alg()}))
	if err != nil {
		return nil, err
	}
	return claims, nil
}
