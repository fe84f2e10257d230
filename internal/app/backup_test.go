package app_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"vinhdanh/ent/individual"
	"vinhdanh/internal/app"
	"vinhdanh/internal/config"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/rule"
	"vinhdanh/internal/store"
)

// TestBackupUnderLoad backs up the embedded database from the command line while two clients
// write through the API, restores it once the server has stopped, and finds there every write
// acknowledged before the backup began. A restore is refused while the database is open; a
// MySQL database is pointed to its own tools.
func TestBackupUnderLoad(t *testing.T) {
	ctx := context.Background()
	target := dbtest.SQLite(t)
	cfg := config.Config{DatabaseURL: target.String()}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s := newServer(t, target)
	staff := s.as("staff.thanhtri@demo.vinhdanh.vn")

	type ack struct {
		name string
		at   time.Time
	}
	var (
		mu   sync.Mutex
		acks []ack
		stop = make(chan struct{})
		wg   sync.WaitGroup
	)
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				name := fmt.Sprintf("Người Viết %d Số %d", w, i)
				r := staff.post(`mutation($n: String!) { createIndividual(input: {fullName: $n}) { id } }`, map[string]any{"n": name})
				if len(r.Errors) == 0 {
					mu.Lock()
					acks = append(acks, ack{name, time.Now()})
					mu.Unlock()
				}
			}
		}()
	}
	time.Sleep(300 * time.Millisecond)
	file := filepath.Join(t.TempDir(), "backup.db")
	began := time.Now()
	if err := app.Command(ctx, cfg, log, []string{"backup", file}, nil); err != nil {
		t.Fatalf("backup: %v", err)
	}
	time.Sleep(200 * time.Millisecond)
	close(stop)
	wg.Wait()

	if err := app.Command(ctx, cfg, log, []string{"restore", file}, nil); !errors.Is(err, store.ErrInUse) {
		t.Errorf("a restore under the running server: %v, want refused", err)
	}
	s.db.Close()
	if err := app.Command(ctx, cfg, log, []string{"restore", file}, nil); err != nil {
		t.Fatalf("restore: %v", err)
	}
	db, err := store.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sys := rule.SystemContext(ctx)
	before, after := 0, 0
	for _, a := range acks {
		found := db.Client.Individual.Query().Where(individual.FullName(a.name)).ExistX(sys)
		switch {
		case a.at.Before(began) && !found:
			t.Errorf("%s, acknowledged before the backup began, is not in it", a.name)
		case a.at.Before(began):
			before++
		case found:
			after++
		}
	}
	if before == 0 {
		t.Fatalf("no write was acknowledged before the backup (%d in all)", len(acks))
	}
	t.Logf("%d writes before the backup, all restored; %d of %d later ones in it", before, after, len(acks)-before)

	mysqlCfg := config.Config{DatabaseURL: "mysql://root@127.0.0.1:1/none"}
	if err := app.Command(ctx, mysqlCfg, log, []string{"restore", file}, nil); !errors.Is(err, store.ErrNotEmbedded) {
		t.Errorf("restore into MySQL: %v", err)
	}
	if err := app.Command(ctx, cfg, log, []string{"backup", file}, nil); err == nil {
		t.Error("a backup overwrote an existing file")
	}
}
