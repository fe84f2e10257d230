package config

import (
	"testing"
	"time"
)

func TestProductionDefaults(t *testing.T) {
	tests := []struct {
		name                      string
		env                       map[string]string
		wantErr                   bool
		playground, introspection bool
	}{
		{"development", map[string]string{}, false, true, true},
		{"production", map[string]string{"APP_ENV": "production", "PUBLIC_URL": "https://vinhdanh.example", "CREDENTIAL_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}, false, false, false},
		{"production, asked for", map[string]string{"APP_ENV": "production", "PUBLIC_URL": "https://vinhdanh.example", "CREDENTIAL_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
			"PLAYGROUND": "true", "INTROSPECTION": "true"}, false, true, true},
		{"production without PUBLIC_URL", map[string]string{"APP_ENV": "production", "CREDENTIAL_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}, true, false, false},
		{"production without a credential key", map[string]string{"APP_ENV": "production", "PUBLIC_URL": "https://vinhdanh.example"}, true, false, false},
		{"a short credential key", map[string]string{"CREDENTIAL_KEY": "c2hvcnQ="}, true, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := FromEnv(env(tt.env))
			if (err != nil) != tt.wantErr {
				t.Fatalf("FromEnv() error = %v, want error %v", err, tt.wantErr)
			}
			if err == nil && (c.Playground != tt.playground || c.Introspection != tt.introspection) {
				t.Errorf("playground %v, introspection %v; want %v, %v", c.Playground, c.Introspection, tt.playground, tt.introspection)
			}
		})
	}
}

func TestPublicCache(t *testing.T) {
	tests := []struct {
		name, ttl, mb string
		wantErr       bool
		wantTTL       time.Duration
		wantBytes     int
	}{
		{"defaults", "", "", false, time.Minute, 32 << 20},
		{"off", "0", "", false, 0, 32 << 20},
		{"set", "10s", "64", false, 10 * time.Second, 64 << 20},
		{"not a duration", "soon", "", true, 0, 0},
		{"negative", "-1s", "", true, 0, 0},
		{"too long", "2h", "", true, 0, 0},
		{"no memory", "", "0", true, 0, 0},
		{"not a number", "", "lots", true, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := FromEnv(env(map[string]string{"PUBLIC_CACHE_TTL": tt.ttl, "PUBLIC_CACHE_MB": tt.mb}))
			if (err != nil) != tt.wantErr {
				t.Fatalf("FromEnv() error = %v, want error %v", err, tt.wantErr)
			}
			if err == nil && (c.PublicCacheTTL != tt.wantTTL || c.PublicCacheBytes != tt.wantBytes) {
				t.Errorf("ttl %v, bytes %d; want %v, %d", c.PublicCacheTTL, c.PublicCacheBytes, tt.wantTTL, tt.wantBytes)
			}
		})
	}
}

func TestMigrateDefault(t *testing.T) {
	key := "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
	for _, tt := range []struct {
		env  map[string]string
		want string
		bad  bool
	}{
		{map[string]string{}, "auto", false},
		{map[string]string{"APP_ENV": "production", "PUBLIC_URL": "https://x.vn", "CREDENTIAL_KEY": key}, "check", false},
		{map[string]string{"APP_ENV": "production", "PUBLIC_URL": "https://x.vn", "CREDENTIAL_KEY": key, "MIGRATE": "auto"}, "auto", false},
		{map[string]string{"MIGRATE": "sometimes"}, "", true},
	} {
		c, err := FromEnv(env(tt.env))
		if (err != nil) != tt.bad || (err == nil && c.Migrate != tt.want) {
			t.Errorf("%v: Migrate %q, %v; want %q", tt.env, c.Migrate, err, tt.want)
		}
	}
}

// env looks variables up in m, as os.Getenv looks them up in the environment.
func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestWebhookSettings(t *testing.T) {
	for _, tt := range []struct {
		name         string
		env          map[string]string
		allowPrivate bool
		lease        time.Duration
		bad          bool
	}{
		{"defaults", map[string]string{}, false, 0, false},
		{"a developer's receiver", map[string]string{"WEBHOOK_ALLOW_PRIVATE": "true", "WEBHOOK_LEASE": "5s"}, true, 5 * time.Second, false},
		{"a lease too short", map[string]string{"WEBHOOK_LEASE": "10ms"}, false, 0, true},
		{"not a boolean", map[string]string{"WEBHOOK_ALLOW_PRIVATE": "yes please"}, false, 0, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := FromEnv(env(tt.env))
			if (err != nil) != tt.bad {
				t.Fatalf("FromEnv() error = %v, want error %v", err, tt.bad)
			}
			if err == nil && (c.WebhookAllowPrivate != tt.allowPrivate || c.WebhookLease != tt.lease) {
				t.Errorf("allow private %v, lease %v; want %v, %v", c.WebhookAllowPrivate, c.WebhookLease, tt.allowPrivate, tt.lease)
			}
		})
	}
}
