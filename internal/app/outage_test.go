package app_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/store"
)

// TestDatabaseOutage stops the database under a write load, on a MariaDB server of the
// test's own: while it is down every request is answered 503 UNAVAILABLE (a signed-in one
// too, never 401, which would sign the user out); when it is back the server recovers by
// itself, and every write it acknowledged is there.
func TestDatabaseOutage(t *testing.T) {
	m := dbtest.StartMariaDB(t)
	target, err := store.Parse(m.URL())
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(t, target)
	admin := s.as("admin@demo.vinhdanh.vn")
	write := func(name string) (int, bool) {
		body, _ := json.Marshal(map[string]any{"query": `mutation($n: String!) { createIndividual(input: {fullName: $n}) { id } }`,
			"variables": map[string]any{"n": name}})
		req, _ := http.NewRequest(http.MethodPost, s.url+"/query", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+admin.token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, false
		}
		defer res.Body.Close()
		var out struct {
			Data   *struct{ CreateIndividual *struct{ ID string } }
			Errors []gqlError
		}
		_ = json.NewDecoder(res.Body).Decode(&out)
		return res.StatusCode, len(out.Errors) == 0 && out.Data != nil && out.Data.CreateIndividual != nil
	}

	var (
		mu     sync.Mutex
		acked  []string
		stop   = make(chan struct{})
		done   = make(chan struct{})
		counts = map[int]int{}
	)
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			name := fmt.Sprintf("Người ghi sổ %d", i)
			status, ok := write(name)
			mu.Lock()
			counts[status]++
			if ok {
				acked = append(acked, name)
			}
			mu.Unlock()
		}
	}()
	time.Sleep(500 * time.Millisecond)
	m.Stop()

	for name, c := range map[string]*server{"anonymous": s, "signed in": admin} {
		r := c.raw("", `{"query": "{ awards(first: 1) { totalCount } }"}`, map[string]string{"Authorization": bearer(c)})
		if r.status != http.StatusServiceUnavailable || r.code() != "UNAVAILABLE" {
			t.Errorf("%s request while the database is down: %d %s", name, r.status, r.body)
		}
	}

	m.Start()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r := admin.raw("", `{"query": "{ awards(first: 1) { totalCount } }"}`, map[string]string{"Authorization": bearer(admin)})
		if r.status == http.StatusOK && r.code() == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not recovered 30 s after the database came back: %d %s", r.status, r.body)
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // some writes after the return
	close(stop)
	<-done

	db, err := sql.Open("mysql", fmt.Sprintf("root@tcp(127.0.0.1:%d)/vinhdanh", m.Port))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	missing := 0
	for _, name := range acked {
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM individuals WHERE full_name = ?`, name).Scan(&n); err != nil || n != 1 {
			missing++
		}
	}
	if missing > 0 || len(acked) == 0 {
		t.Errorf("%d of %d acknowledged writes are missing", missing, len(acked))
	}
	if counts[http.StatusUnauthorized] > 0 {
		t.Errorf("%d writes were answered 401 during the outage", counts[http.StatusUnauthorized])
	}
	t.Logf("acknowledged writes %d, answers by status %v", len(acked), counts)
}

func bearer(s *server) string {
	if s.token == "" {
		return ""
	}
	return "Bearer " + s.token
}
