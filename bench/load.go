package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// result is one handler's measurement over one roll.
type result struct {
	reqs       int
	wall       time.Duration
	lat        []time.Duration
	statements int
	cpu, dbCPU time.Duration
}

func (r *result) add(o result) {
	r.reqs += o.reqs
	r.wall += o.wall
	r.lat = append(r.lat, o.lat...)
	r.statements += o.statements
	r.cpu += o.cpu
	r.dbCPU += o.dbCPU
}

func (r result) rate() float64 { return float64(r.reqs) / r.wall.Seconds() }

func (r result) pct(p int) time.Duration {
	l := slices.Clone(r.lat)
	slices.Sort(l)
	return l[min(len(l)-1, len(l)*p/100)]
}

func per(d time.Duration, n int) string {
	return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000/float64(n))
}

// Load measures the product against the raw baseline, in alternating rounds, on the widget's
// honor-roll page (first 50, one school year) for a school, a district, a city and the whole
// country, then on the other reads people do most (reads.go), and prints a Markdown table.
func Load(ctx context.Context, url string, requests, concurrency, rounds int, only string, explain, cached bool, out io.Writer) error {
	s, err := start(ctx, url, cached)
	if err != nil {
		return err
	}
	defer s.Close()
	rolls, err := pickRolls(ctx, s)
	if err != nil {
		return err
	}
	var all []read
	for _, r := range rolls {
		r.year = 2022
		all = append(all, read{name: fmt.Sprintf("honor roll, a %s (%d units)", r.name, r.units), rawStatements: 1,
			product: func(b string) *http.Request { return getReq(r.productURL(b, 50)) },
			raw:     r.rawURL("", 50)})
	}
	others, err := pickReads(ctx, s, rolls)
	if err != nil {
		return err
	}
	all = append(all, others...)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: concurrency * 2, DisableCompression: true}}
	var chosen []read
	for _, r := range all {
		if strings.Contains(r.name, only) {
			chosen = append(chosen, r)
		}
	}
	if explain {
		return explainReads(s, client, chosen, out)
	}
	mem := sampleMemory()
	defer mem.stop()
	fmt.Fprintf(out, "| read | product req/s | raw req/s | ratio | product p50 / p99 | raw p50 / p99 | statements per request | process CPU per request, product / raw | database CPU per request, product / raw |\n")
	fmt.Fprintf(out, "|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range chosen {
		build := map[string]func() *http.Request{
			"product": func() *http.Request { return r.product(s.product.URL) },
			"raw":     func() *http.Request { return getReq(s.raw.URL + r.raw) },
		}
		total := map[string]*result{"product": {}, "raw": {}}
		requests := requests
		if r.slow {
			requests = max(4, min(8, requests/50)) // seconds each: a few are enough
		}
		for round := range rounds {
			order := []string{"product", "raw"}
			if round%2 == 1 {
				order = []string{"raw", "product"}
			}
			for _, name := range order {
				if _, err := do(client, build[name]()); err != nil { // fail early
					return err
				}
				// Warm as many connections as the run will use, on both sides: each SQLite
				// connection keeps its own prepared statements and page cache, and the first
				// requests on a cold one would be counted against whichever handler ran first.
				if _, err := fire(client, build[name], min(8*concurrency, requests), concurrency); err != nil {
					return err
				}
				s.counter.Reset()
				s.counter.Quiet(true) // counted, not recorded: the raw handler's side records nothing either
				res, err := fire(client, build[name], requests, concurrency)
				s.counter.Quiet(false)
				if err != nil {
					return err
				}
				if name == "product" {
					res.statements = s.counter.Count()
				} else {
					res.statements = requests * r.rawStatements
				}
				total[name].add(res)
			}
		}
		p, b := total["product"], total["raw"]
		fmt.Fprintf(out, "| %s | %.0f | %.0f | %.2f× | %s / %s | %s / %s | %.1f / %.1f | %s / %s | %s / %s |\n",
			r.name, p.rate(), b.rate(), p.rate()/b.rate(),
			ms(p.pct(50)), ms(p.pct(99)), ms(b.pct(50)), ms(b.pct(99)),
			float64(p.statements)/float64(p.reqs), float64(b.statements)/float64(b.reqs),
			per(p.cpu, p.reqs), per(b.cpu, b.reqs), per(p.dbCPU, p.reqs), per(b.dbCPU, b.reqs))
	}
	anon, file := mem.stop()
	fmt.Fprintf(out, "\nPeak memory of the process (server, raw handler and load generator): %d MiB anonymous (heap, stacks), "+
		"%d MiB of mapped database file (SQLite's memory map: the OS page cache, shared and reclaimable)\n", anon>>10, file>>10)
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// fire sends n requests with c workers.
func fire(client *http.Client, req func() *http.Request, n, c int) (result, error) {
	var (
		mu   sync.Mutex
		lat  = make([]time.Duration, 0, n)
		next = make(chan struct{}, n)
		errs = make(chan error, c)
		wg   sync.WaitGroup
	)
	for range n {
		next <- struct{}{}
	}
	close(next)
	cpu0, db0 := processCPU(), dbCPU()
	start := time.Now()
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range next {
				t := time.Now()
				if _, err := do(client, req()); err != nil {
					errs <- err
					return
				}
				mu.Lock()
				lat = append(lat, time.Since(t))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	select {
	case err := <-errs:
		return result{}, err
	default:
	}
	return result{reqs: n, wall: time.Since(start), lat: lat, cpu: processCPU() - cpu0, dbCPU: dbCPU() - db0}, nil
}

// processCPU is the CPU time this process has used: server, raw handler and load generator
// alike, so it compares the two handlers, not absolute server cost.
func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// dbCPU is the CPU time of the MariaDB or MySQL server on this machine, 0 when there is none
// (SQLite runs in this process).
func dbCPU() time.Duration {
	matches, _ := filepath.Glob("/proc/[0-9]*/comm")
	var total time.Duration
	for _, m := range matches {
		comm, err := os.ReadFile(m)
		if err != nil || !strings.HasPrefix(string(comm), "mariadbd") && !strings.HasPrefix(string(comm), "mysqld") {
			continue
		}
		stat, err := os.ReadFile(strings.TrimSuffix(m, "comm") + "stat")
		if err != nil {
			continue
		}
		fields := strings.Fields(string(stat)[strings.LastIndex(string(stat), ")")+2:])
		if len(fields) < 13 {
			continue
		}
		utime, _ := strconv.Atoi(fields[11])
		stime, _ := strconv.Atoi(fields[12])
		total += time.Duration(utime+stime) * 10 * time.Millisecond // clock ticks of 1/100 s
	}
	return total
}

// memory samples the process's resident memory until stopped and keeps the peaks, in KiB.
type memory struct {
	done       chan struct{}
	anon, file int
	wg         sync.WaitGroup
	once       sync.Once
}

func sampleMemory() *memory {
	m := &memory{done: make(chan struct{})}
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			anon, file := rss()
			m.anon, m.file = max(m.anon, anon), max(m.file, file)
			select {
			case <-m.done:
				return
			case <-t.C:
			}
		}
	}()
	return m
}

func (m *memory) stop() (anon, file int) {
	m.once.Do(func() { close(m.done) })
	m.wg.Wait()
	return m.anon, m.file
}

// rss reads RssAnon and RssFile (KiB) of this process.
func rss() (anon, file int) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "RssAnon:"); ok {
			anon, _ = strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		}
		if v, ok := strings.CutPrefix(line, "RssFile:"); ok {
			file, _ = strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		}
	}
	return anon, file
}
