package main

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"vinhdanh/internal/auth"
)

func TestMain(m *testing.M) {
	auth.BcryptCost = 4 // the demo accounts are hashed at start-up
	os.Exit(m.Run())
}

func TestStartupFailsOnBadDatabaseURL(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, url := range []string{"mysql://app:s3cret@127.0.0.1:1/vinhdanh", "postgres://app:s3cret@localhost/x"} {
		t.Setenv("DATABASE_URL", url)
		err := run(log, nil)
		if err == nil {
			t.Fatalf("%s: start-up succeeded", url)
		}
		if msg := err.Error(); strings.Contains(msg, "s3cret") || strings.Contains(msg, "\n") {
			t.Errorf("%s: error %q must be one line without the password", url, msg)
		}
	}
}

// TestServeAndShutdown starts the real server on the embedded database, waits until it is
// ready, then sends SIGTERM and expects a clean exit.
func TestServeAndShutdown(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	t.Setenv("PORT", strconv.Itoa(port))
	t.Setenv("DATABASE_URL", "sqlite:"+filepath.Join(t.TempDir(), "serve.db"))
	t.Setenv("SHUTDOWN_TIMEOUT", "5s")

	done := make(chan error, 1)
	go func() { done <- run(slog.New(slog.NewTextHandler(io.Discard, nil)), nil) }()

	base := "http://127.0.0.1:" + strconv.Itoa(port)
	ready := false
	for i := 0; i < 600 && !ready; i++ {
		select {
		case err := <-done:
			t.Fatalf("server exited early: %v", err)
		default:
		}
		if res, err := http.Get(base + "/readyz"); err == nil {
			ready = res.StatusCode == http.StatusOK
			res.Body.Close()
		}
		if !ready {
			time.Sleep(50 * time.Millisecond)
		}
	}
	if !ready {
		t.Fatal("server never became ready")
	}
	res, err := http.Get(base + `/query?query={awardLevels(where:{code:"CITY_BANG_KHEN"}){totalCount}}`)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), `"totalCount":1`) {
		t.Errorf("query answered %s", body)
	}
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run returned %v after SIGTERM, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server did not shut down after SIGTERM")
	}
}
