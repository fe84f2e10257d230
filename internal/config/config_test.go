package config

import "testing"

func TestProductionDefaults(t *testing.T) {
	tests := []struct {
		name                      string
		env                       map[string]string
		wantErr                   bool
		playground, introspection bool
	}{
		{"development", map[string]string{}, false, true, true},
		{"production", map[string]string{"APP_ENV": "production", "PUBLIC_URL": "https://vinhdanh.example"}, false, false, false},
		{"production, asked for", map[string]string{"APP_ENV": "production", "PUBLIC_URL": "https://vinhdanh.example",
			"PLAYGROUND": "true", "INTROSPECTION": "true"}, false, true, true},
		{"production without PUBLIC_URL", map[string]string{"APP_ENV": "production"}, true, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{"APP_ENV", "PUBLIC_URL", "PLAYGROUND", "INTROSPECTION"} {
				t.Setenv(k, tt.env[k])
			}
			c, err := FromEnv()
			if (err != nil) != tt.wantErr {
				t.Fatalf("FromEnv() error = %v, want error %v", err, tt.wantErr)
			}
			if err == nil && (c.Playground != tt.playground || c.Introspection != tt.introspection) {
				t.Errorf("playground %v, introspection %v; want %v, %v", c.Playground, c.Introspection, tt.playground, tt.introspection)
			}
		})
	}
}
