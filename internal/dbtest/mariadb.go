package dbtest

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// MariaDB is a server of the test's own: its own data directory and port, so a test may stop
// and restart it without touching the shared server other tests use.
type MariaDB struct {
	t       testing.TB
	dir     string
	Port    int
	cmd     *exec.Cmd
	exited  chan struct{}
	logFile string
}

// StartMariaDB initialises a data directory and starts mariadbd on a free port. Without the
// binaries the test is skipped, or fails when REQUIRE_MYSQL=1 (CI).
func StartMariaDB(t testing.TB) *MariaDB {
	t.Helper()
	install, errI := exec.LookPath("mariadb-install-db")
	_, errD := exec.LookPath("mariadbd")
	if errD != nil {
		if _, err := os.Stat("/usr/sbin/mariadbd"); err == nil {
			errD = nil
		}
	}
	if errI != nil || errD != nil {
		if os.Getenv("REQUIRE_MYSQL") == "1" {
			t.Fatalf("mariadb-install-db or mariadbd is not installed but REQUIRE_MYSQL=1")
		}
		t.Skip("MariaDB binaries are not installed")
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o700); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(install, "--no-defaults", "--datadir="+filepath.Join(dir, "data"),
		"--auth-root-authentication-method=normal", "--skip-test-db", "--user="+currentUser())
	cmd.Env = append(os.Environ(), "TMPDIR="+filepath.Join(dir, "tmp")) // see Start
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("mariadb-install-db: %v\n%s", err, out)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	m := &MariaDB{t: t, dir: dir, Port: port, logFile: filepath.Join(dir, "error.log")}
	m.Start()
	t.Cleanup(m.Stop)
	db, err := sql.Open("mysql", fmt.Sprintf("root@tcp(127.0.0.1:%d)/", port))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE DATABASE vinhdanh CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"); err != nil {
		t.Fatal(err)
	}
	return m
}

// URL is the DATABASE_URL of the server's database.
func (m *MariaDB) URL() string { return fmt.Sprintf("mysql://root@127.0.0.1:%d/vinhdanh", m.Port) }

// Start starts the server and waits until it answers.
func (m *MariaDB) Start() {
	m.t.Helper()
	bin, err := exec.LookPath("mariadbd")
	if err != nil {
		bin = "/usr/sbin/mariadbd"
	}
	// Its own tmpdir too: a starting server removes every "#sql…" file of its tmpdir, and in the
	// shared /tmp those are the temporary tables of the shared server's running statements.
	tmp := filepath.Join(m.dir, "tmp")
	m.cmd = exec.Command(bin, "--no-defaults", "--datadir="+filepath.Join(m.dir, "data"), "--tmpdir="+tmp,
		fmt.Sprintf("--port=%d", m.Port), "--bind-address=127.0.0.1", "--socket="+filepath.Join(m.dir, "mysqld.sock"),
		"--user="+currentUser(), "--skip-name-resolve", "--innodb-buffer-pool-size=32M", "--log-error="+m.logFile)
	if err := m.cmd.Start(); err != nil {
		m.t.Fatalf("start mariadbd: %v", err)
	}
	m.exited = make(chan struct{})
	go func(cmd *exec.Cmd, done chan struct{}) { _ = cmd.Wait(); close(done) }(m.cmd, m.exited)
	db, _ := sql.Open("mysql", fmt.Sprintf("root@tcp(127.0.0.1:%d)/", m.Port))
	defer db.Close()
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := db.PingContext(ctx)
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(m.logFile)
			m.t.Fatalf("mariadbd did not come up: %v\n%s", err, log)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Stop shuts the server down cleanly and waits for it to exit.
func (m *MariaDB) Stop() {
	if m.cmd == nil || m.cmd.Process == nil {
		return
	}
	select {
	case <-m.exited:
		return
	default:
	}
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-m.exited:
	case <-time.After(60 * time.Second):
		_ = m.cmd.Process.Kill()
		<-m.exited
	}
}

func currentUser() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "root"
}
