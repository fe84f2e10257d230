package app_test

import (
	"bytes"
	"context"
	"encoding/pem"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"vinhdanh/ent/webhookdelivery"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/store"
)

// TestWebhookSurvivesAKilledReplica: a replica — the real binary, in a process of its own —
// is killed (SIGKILL) while the endpoint is still reading its delivery. Nothing is lost: the
// killed replica's claim lapses, another replica sends the same message (same webhook-id)
// again, and the log shows the delivery done, once, by the survivor.
func TestWebhookSurvivesAKilledReplica(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "vinhdanh")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dbtest.Each(t, func(t *testing.T, target store.Target) {
		s := newServer(t, target)
		r := newReceiver(t)
		arrived, release := make(chan struct{}, 1), make(chan struct{})
		r.answer = func(_ string, n int) int {
			if n == 1 {
				arrived <- struct{}{}
				<-release // the first request hangs until the test ends: its sender dies meanwhile
			}
			return http.StatusOK
		}
		t.Cleanup(func() { close(release) }) // before the receiver closes (cleanups run last first)
		s.as("admin@demo.vinhdanh.vn").registerWebhook("Liên đoàn Lao động quận Hai Bà Trưng", r.srv.URL+"/hbt")
		school := s.as("staff.school@demo.vinhdanh.vn")
		school.draft(school.newTeacher("Cao Thị Nguyệt"), "DISTRICT_GIAY_KHEN")

		// The replica trusts the receiver's certificate through SSL_CERT_FILE, as an
		// installation trusts a private CA.
		cert := filepath.Join(t.TempDir(), "receiver.pem")
		if err := os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: r.srv.Certificate().Raw}), 0o600); err != nil {
			t.Fatal(err)
		}
		var logs bytes.Buffer
		replica := exec.Command(bin)
		replica.Env = append(os.Environ(), "DATABASE_URL="+target.String(), "PORT="+strconv.Itoa(freePort(t)),
			"WEBHOOK_ALLOW_PRIVATE=true", "WEBHOOK_LEASE=2s", "SSL_CERT_FILE="+cert, "MIGRATE=auto")
		replica.Stdout, replica.Stderr = &logs, &logs
		if err := replica.Start(); err != nil {
			t.Fatal(err)
		}
		select {
		case <-arrived:
		case <-time.After(60 * time.Second):
			_ = replica.Process.Kill()
			t.Fatalf("the replica never delivered; its log:\n%s", logs.String())
		}
		if err := replica.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = replica.Wait()

		ctx := rule.SystemContext(context.Background())
		d, err := s.db.Client.WebhookDelivery.Query().Only(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != webhookdelivery.StatusPENDING || d.ClaimedUntil == nil || d.Attempts != 0 {
			t.Fatalf("after the kill: %s, claimed until %v, %d attempts; want PENDING, claimed, 0", d.Status, d.ClaimedUntil, d.Attempts)
		}
		start := time.Now()
		s.dispatch(t, r, "survivor")
		got := r.wait("/hbt", 2)
		if a, b := got[0].header.Get("webhook-id"), got[1].header.Get("webhook-id"); a != b || string(got[0].body) != string(got[1].body) {
			t.Errorf("resent %s %s, want the same message as %s %s", b, got[1].body, a, got[0].body)
		}
		t.Logf("resent %v after the survivor started (the lease is 2 s)", time.Since(start).Round(10*time.Millisecond))
		deadline := time.Now().Add(10 * time.Second)
		for {
			d, err = s.db.Client.WebhookDelivery.Query().WithAttemptLog().Only(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if d.Status == webhookdelivery.StatusDELIVERED || time.Now().After(deadline) {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if d.Status != webhookdelivery.StatusDELIVERED || d.Attempts != 1 || len(d.Edges.AttemptLog) != 1 || d.Edges.AttemptLog[0].Replica != "survivor" {
			t.Errorf("delivery %s, %d attempts, log %v", d.Status, d.Attempts, d.Edges.AttemptLog)
		}
		if n := len(r.at("/hbt")); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}
	})
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
