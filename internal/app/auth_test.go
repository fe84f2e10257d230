package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"vinhdanh/ent/user"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/rule"
)

type authPayload struct {
	AccessToken, RefreshToken, ExpiresAt string
	User                                 struct{ Email, Role string }
}

func (s *server) login(email, password string) response {
	s.t.Helper()
	return s.post(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken expiresAt user { email role } } }`,
		map[string]any{"e": email, "p": password})
}

func TestSignInAndTokens(t *testing.T) {
	each(t, func(t *testing.T, s *server) {
		var first struct{ Login authPayload }
		r := s.login("  Staff.HaiBaTrung@demo.vinhdanh.vn ", demoPassword)
		if len(r.Errors) > 0 {
			t.Fatalf("login: %+v", r.Errors)
		}
		decode(t, r, &first)
		if first.Login.User.Email != "staff.haibatrung@demo.vinhdanh.vn" || first.Login.User.Role != "STAFF" || first.Login.AccessToken == "" {
			t.Fatalf("login = %+v", first.Login)
		}
		signed := *s
		signed.token = first.Login.AccessToken
		var me struct{ Me *struct{ Email string } }
		signed.query(`{ me { email } }`, nil, &me)
		if me.Me == nil || me.Me.Email != "staff.haibatrung@demo.vinhdanh.vn" {
			t.Errorf("me = %+v", me.Me)
		}
		s.query(`{ me { email } }`, nil, &me)
		if me.Me != nil {
			t.Errorf("anonymous me = %+v, want null", me.Me)
		}

		// A bad token is refused outright, never served as anonymous.
		bad := *s
		bad.token = first.Login.AccessToken[:len(first.Login.AccessToken)-2] + "xx"
		if r := bad.post(`{ awardLevels(first: 1) { totalCount } }`, nil); r.status != 401 || len(r.Errors) == 0 || r.Errors[0].code() != "UNAUTHENTICATED" {
			t.Errorf("tampered token: HTTP %d %+v", r.status, r.Errors)
		}
		// As a GraphQL over HTTP client asks: the refusal comes in the GraphQL media type it
		// accepts, without a data key, so the client reads it as a GraphQL error with its code.
		req, _ := http.NewRequest(http.MethodPost, s.url+"/query", strings.NewReader(`{"query": "{ me { email } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/graphql-response+json, application/json;q=0.9")
		res, raw := bad.send(req)
		var body map[string]json.RawMessage
		_ = json.Unmarshal(raw, &body)
		if res.StatusCode != 401 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/graphql-response+json") ||
			!strings.Contains(res.Header.Get("WWW-Authenticate"), "Bearer") || body["data"] != nil || !strings.Contains(string(body["errors"]), "UNAUTHENTICATED") {
			t.Errorf("tampered token, GraphQL response media type: %d %v %s", res.StatusCode, res.Header, raw)
		}

		// Refresh rotates; the old refresh token stops working, and reusing it revokes the
		// whole family, including the token it was rotated into.
		refresh := func(tok string) response {
			return s.post(`mutation($t: String!) { refreshToken(token: $t) { accessToken refreshToken } }`, map[string]any{"t": tok})
		}
		var second struct{ RefreshToken authPayload }
		r = refresh(first.Login.RefreshToken)
		decode(t, r, &second)
		if second.RefreshToken.RefreshToken == "" || second.RefreshToken.RefreshToken == first.Login.RefreshToken {
			t.Fatalf("refresh = %+v", second)
		}
		if r := refresh(first.Login.RefreshToken); len(r.Errors) == 0 || r.Errors[0].code() != "UNAUTHENTICATED" {
			t.Errorf("reusing a rotated refresh token: %+v", r.Errors)
		}
		if r := refresh(second.RefreshToken.RefreshToken); len(r.Errors) == 0 || r.Errors[0].code() != "UNAUTHENTICATED" {
			t.Errorf("the family survived a reuse: %+v", r.Errors)
		}
		if r := refresh("made-up-token"); len(r.Errors) == 0 || r.Errors[0].code() != "UNAUTHENTICATED" {
			t.Errorf("unknown refresh token: %+v", r.Errors)
		}

		// Logout revokes the refresh tokens of a fresh login.
		var third struct{ Login authPayload }
		decode(t, s.login("staff.haibatrung@demo.vinhdanh.vn", demoPassword), &third)
		out := *s
		out.token = third.Login.AccessToken
		var lo struct{ Logout bool }
		out.query(`mutation { logout }`, nil, &lo)
		if r := refresh(third.Login.RefreshToken); !lo.Logout || len(r.Errors) == 0 {
			t.Errorf("refresh after logout: %+v", r.Errors)
		}

		// A disabled account's access token stops working at once.
		ctx := rule.SystemContext(context.Background())
		s.db.Client.User.Update().Where(user.Email("staff.haibatrung@demo.vinhdanh.vn")).SetActive(false).ExecX(ctx)
		if r := signed.post(`{ me { email } }`, nil); r.status != 401 {
			t.Errorf("token of a disabled account: HTTP %d", r.status)
		}
	})
}

// TestLoginFailures: unknown account and wrong password look the same, and repeated
// failures are limited.
func TestLoginFailures(t *testing.T) {
	s := newServer(t, dbtest.SQLite(t))
	wrong := s.login("staff.school@demo.vinhdanh.vn", "wrong-password")
	unknown := s.login("nobody@demo.vinhdanh.vn", "wrong-password")
	if len(wrong.Errors) == 0 || len(unknown.Errors) == 0 {
		t.Fatal("a bad login succeeded")
	}
	if wrong.Errors[0].Message != unknown.Errors[0].Message || wrong.Errors[0].code() != "UNAUTHENTICATED" || unknown.Errors[0].code() != "UNAUTHENTICATED" {
		t.Errorf("wrong password %+v vs unknown account %+v: must be indistinguishable", wrong.Errors[0], unknown.Errors[0])
	}
	var last response
	for range 6 {
		last = s.login("staff.school@demo.vinhdanh.vn", "wrong-password")
	}
	if last.Errors[0].code() != "RATE_LIMITED" {
		t.Errorf("after 7 failures: %+v, want RATE_LIMITED", last.Errors[0])
	}
	// The right password is refused too while the account is locked out.
	if r := s.login("staff.school@demo.vinhdanh.vn", demoPassword); len(r.Errors) == 0 || r.Errors[0].code() != "RATE_LIMITED" {
		t.Errorf("correct password during the lockout: %+v", r.Errors)
	}
	if !strings.Contains(last.Errors[0].Message, "try again") {
		t.Errorf("rate-limit message %q does not say when to retry", last.Errors[0].Message)
	}
}

func decode(t *testing.T, r response, out any) {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("errors: %+v", r.Errors)
	}
	if err := json.Unmarshal(r.Data, out); err != nil {
		t.Fatal(err)
	}
}
