package app_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"vinhdanh/ent/award"
	"vinhdanh/internal/credential"
	"vinhdanh/internal/rule"
)

// TestSignedCredential verifies an award the way a verifier would, offline: the VC-JWT
// checks against the key published at /.well-known/jwks.json (and the did:web document names
// the same key); a credential changed after signing fails; a revoked award's credential still
// verifies and says it is revoked; an award without a recorded decision is not "valid" and
// says what is missing; every id in the credential resolves.
func TestSignedCredential(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		ctx := rule.SystemContext(context.Background())
		valid := s.db.Client.Award.Query().Where(award.RecipientName("Đặng Văn Đức")).OnlyX(ctx)
		bare := s.db.Client.Award.Query().Where(award.DecisionIDIsNil(), award.Public(true), award.RevokedAtIsNil()).FirstX(ctx)

		status, header, jwks := s.get("/.well-known/jwks.json")
		if status != 200 || !strings.HasPrefix(header.Get("Content-Type"), "application/json") {
			t.Fatalf("jwks: %d %s", status, jwks)
		}
		verify := func(id int) map[string]any {
			t.Helper()
			status, header, token := s.get("/verify/" + strconv.Itoa(id) + "?format=jwt")
			if status != 200 || header.Get("Content-Type") != credential.MediaType {
				t.Fatalf("signed credential of %d: %d %s %s", id, status, header.Get("Content-Type"), token)
			}
			claims, err := credential.Verify(string(token), jwks)
			if err != nil {
				t.Fatalf("credential of %d does not verify: %v", id, err)
			}
			// A changed credential: the recipient's name swapped in the payload.
			parts := strings.Split(string(token), ".")
			payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
			forged := strings.Replace(string(payload), claims["credentialSubject"].(map[string]any)["name"].(string), "Kẻ Mạo Danh", 1)
			parts[1] = base64.RawURLEncoding.EncodeToString([]byte(forged))
			if _, err := credential.Verify(strings.Join(parts, "."), jwks); err == nil {
				t.Errorf("a changed credential of %d verified", id)
			}
			return claims
		}
		claims := verify(valid.ID)
		if claims["vinhDanh"].(map[string]any)["status"] != "valid" || claims["credentialSubject"].(map[string]any)["name"] != "Đặng Văn Đức" {
			t.Errorf("valid award's credential: %v", claims)
		}
		if claims["validFrom"] != "2023-08-30T00:00:00Z" { // its decision has no date: the ceremony's day
			t.Errorf("validFrom %v, want the ceremony's day", claims["validFrom"])
		}
		// Every id resolves, as JSON.
		issuerID := claims["issuer"].(map[string]any)["id"].(string)
		achievementID := claims["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["id"].(string)
		for _, id := range []string{issuerID, achievementID} {
			path := strings.TrimPrefix(id, s.url)
			status, _, body := s.get(path)
			var doc struct {
				ID   string
				Name string
			}
			if status != 200 || json.Unmarshal(body, &doc) != nil || doc.ID != id || doc.Name == "" {
				t.Errorf("%s: %d %s", id, status, body)
			}
		}
		status, _, did := s.get("/.well-known/did.json")
		if status != 200 || !strings.Contains(string(did), "did:web:") || !strings.Contains(string(did), `"publicKeyJwk"`) {
			t.Errorf("did document: %d %s", status, did)
		}

		bareClaims := verify(bare.ID)
		if got := bareClaims["vinhDanh"].(map[string]any); got["status"] != "incomplete" || !strings.Contains(strings.Join(strs(got["missing"]), ","), "quyết định") {
			t.Errorf("an award without a decision: %v", got)
		}
		_, _, page := s.get("/verify/" + strconv.Itoa(bare.ID))
		if strings.Contains(string(page), "Hợp lệ") || !strings.Contains(string(page), "thiếu quyết định khen thưởng") {
			t.Errorf("the page of an award without a decision claims it valid or does not say what is missing")
		}

		s.db.Client.Award.UpdateOne(valid).SetRevokedAt(time.Now()).SetRevocationReason("Hồ sơ không trung thực").ExecX(ctx)
		s.cache.Invalidate()
		if got := verify(valid.ID)["vinhDanh"].(map[string]any); got["status"] != "revoked" || got["reason"] != "Hồ sơ không trung thực" {
			t.Errorf("a revoked award's credential: %v", got)
		}
	})
}

func strs(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, x := range list {
		out = append(out, x.(string))
	}
	return out
}
