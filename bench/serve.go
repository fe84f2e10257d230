package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	neturl "net/url"
	"regexp"
	"strings"

	"vinhdanh/internal/app"
	"vinhdanh/internal/auth"
	"vinhdanh/internal/catalog"
	"vinhdanh/internal/dbtest"
	"vinhdanh/internal/httpserver"
	"vinhdanh/internal/publiccache"
	"vinhdanh/internal/store"
	"vinhdanh/web"
)

// WidgetQuery is the honor-roll widget's own query, read from web/honor-roll.js, so the
// benchmark measures exactly what embedding sites send.
var WidgetQuery = func() string {
	js, err := fs.ReadFile(web.Files, "honor-roll.js")
	if err != nil {
		panic(err)
	}
	m := regexp.MustCompile("(?s)const QUERY = `(.*?)`").FindSubmatch(js)
	if m == nil {
		panic("web/honor-roll.js: no QUERY")
	}
	return string(m[1])
}()

// servers are the product and the raw baseline over one database, on loopback.
type servers struct {
	product, raw *httptest.Server
	counter      *dbtest.Counter
	db           *store.DB
}

func start(ctx context.Context, url string, cached bool) (*servers, error) {
	target, err := store.Parse(url)
	if err != nil {
		return nil, err
	}
	db, err := app.Prepare(ctx, target)
	if err != nil {
		return nil, err
	}
	client, counter := dbtest.CountingClient(db)
	var cache *publiccache.Cache
	if cached {
		cache = publiccache.New(0, 0)
		client.Use(cache.Hook())
	}
	signer, err := auth.NewSigner(auth.RandomSecret(), 0)
	if err != nil {
		return nil, err
	}
	h := httpserver.New(httpserver.Options{Client: client, Auth: auth.NewService(signer), Ping: db.Ping,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), AnonRate: 1e9, AnonBurst: 1e9, AnonCostRate: 1e12, AnonCostBurst: 1e12, Cache: cache,
		Catalog: catalog.Remember(client)})
	r, err := newRaw(ctx, db.SQL, db.Target.Dialect)
	if err != nil {
		return nil, err
	}
	others, err := newReads(ctx, db.SQL)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /roll", r)
	others.routes(mux)
	return &servers{product: httptest.NewServer(h), raw: httptest.NewServer(mux), counter: counter, db: db}, nil
}

func (s *servers) Close() {
	s.product.Close()
	s.raw.Close()
	s.db.Close()
}

// roll is one honor-roll request: the unit, its subtree's size, a school year or none.
type roll struct {
	name  string
	unit  int
	units int
	year  int
}

func (r roll) productURL(base string, first int) string {
	vars := fmt.Sprintf(`{"c":"%d","first":%d`, r.unit, first)
	if r.year != 0 {
		vars += fmt.Sprintf(`,"p":"%d-%d"`, r.year, r.year+1)
	}
	return base + "/query?query=" + queryEscape(WidgetQuery) + "&variables=" + queryEscape(vars+"}")
}

func (r roll) rawURL(base string, first int) string {
	return fmt.Sprintf("%s/roll?c=%d&first=%d&year=%d&units=%d", base, r.unit, first, r.year, r.units)
}

func get(c *http.Client, url string) (string, error) { return do(c, getReq(url)) }

// do sends a request and returns its answer; an answer with GraphQL errors is an error.
func do(c *http.Client, req *http.Request) (string, error) {
	res, err := c.Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || bytes.HasPrefix(b, []byte(`{"errors"`)) || bytes.Contains(b, []byte(`,"errors":`)) {
		return "", fmt.Errorf("%s %s: %d %.500s", req.Method, req.URL.Path, res.StatusCode, b)
	}
	return strings.TrimSpace(string(b)), err
}

func queryEscape(s string) string { return neturl.QueryEscape(s) }
