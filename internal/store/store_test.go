package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"
)

func TestParse(t *testing.T) {
	tests := []struct {
		url         string
		dialect     string
		display     string
		dsnContains []string
		wantErr     bool
	}{
		{"", dialect.SQLite, "sqlite:vinhdanh.db", []string{"file:vinhdanh.db?", "foreign_keys(1)", "journal_mode(WAL)", "busy_timeout"}, false},
		{"sqlite:/var/lib/vinhdanh/data.db", dialect.SQLite, "sqlite:/var/lib/vinhdanh/data.db", []string{"file:/var/lib/vinhdanh/data.db?"}, false},
		{"mysql://app:s3cret@db.internal:3307/vinhdanh", dialect.MySQL, "mysql://app:xxxxx@db.internal:3307/vinhdanh",
			[]string{"app:s3cret@tcp(db.internal:3307)/vinhdanh", "parseTime=true", "collation=utf8mb4_unicode_ci", "interpolateParams=true"}, false},
		{"mysql://root@127.0.0.1/vinhdanh", dialect.MySQL, "mysql://root@127.0.0.1/vinhdanh", []string{"tcp(127.0.0.1:3306)"}, false},
		{"mysql://root@127.0.0.1:3306/", "", "", nil, true},
		{"postgres://x@y/z", "", "", nil, true},
		{"sqlite:", "", "", nil, true},
	}
	for _, tt := range tests {
		got, err := Parse(tt.url)
		if tt.wantErr {
			if !errors.Is(err, ErrBadURL) {
				t.Errorf("Parse(%q) error = %v, want ErrBadURL", tt.url, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.url, err)
			continue
		}
		if got.Dialect != tt.dialect || got.String() != tt.display {
			t.Errorf("Parse(%q) = %s %q, want %s %q", tt.url, got.Dialect, got.String(), tt.dialect, tt.display)
		}
		for _, want := range tt.dsnContains {
			if !strings.Contains(got.dsn, want) {
				t.Errorf("Parse(%q) DSN %q lacks %q", tt.url, got.dsn, want)
			}
		}
	}
}

// TestUnreachable: a server that does not answer fails fast with one line that names the
// database and never shows the password.
func TestUnreachable(t *testing.T) {
	target, err := Parse("mysql://app:s3cret@127.0.0.1:1/vinhdanh")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	_, err = Open(ctx, target)
	if err == nil {
		t.Fatal("Open succeeded against a closed port")
	}
	msg := err.Error()
	if strings.Contains(msg, "s3cret") || !strings.Contains(msg, "mysql://app:xxxxx@127.0.0.1:1/vinhdanh") || strings.Contains(msg, "\n") {
		t.Errorf("error = %q: want one line naming the masked URL", msg)
	}
	if _, err := Parse("mysql://app:s3cret@bad host/x"); err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("malformed URL error = %v: must not show the password", err)
	}
}
