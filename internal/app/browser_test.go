package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"vinhdanh/ent/award"
	"vinhdanh/internal/rule"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"vinhdanh/internal/dbtest"
)

// findChrome returns the browser to drive: CHROME_PATH, or Debian's chromium.
func findChrome() string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestWidgetInBrowser embeds the widget in a page served from another origin, as a school's
// website would, and checks in a real headless Chromium what a reader sees: the awardees
// grouped by level, highest first, with verification links, and no private data.
func TestWidgetInBrowser(t *testing.T) {
	chrome := findChrome()
	if chrome == "" {
		if os.Getenv("REQUIRE_BROWSER") == "1" {
			t.Fatal("REQUIRE_BROWSER=1 but no Chromium was found (set CHROME_PATH)")
		}
		t.Skip("browser test skipped: install Chromium (apt-get install chromium) or set CHROME_PATH; .ci/run does and requires it")
	}
	s := newServer(t, dbtest.SQLite(t))
	if _, err := s.db.SQL.Exec("UPDATE individuals SET birth_year = 1979, phone = '0912345678', email = 'rieng.tu@example.vn'"); err != nil {
		t.Fatal(err)
	}
	hbtID := s.collectiveID(hbt)
	banHo := s.collectiveID("Công đoàn Trường Phổ thông dân tộc bán trú Tiểu học Bản Hồ")

	// The embedding site: another origin than the API.
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/framed" { // the README's iframe snippet, listener included
			fmt.Fprintf(w, `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Trường</title></head><body>
<iframe id="vinh-danh" title="Vinh danh khen thưởng" style="width:100%%;border:0"
  src="%[1]s/embed/honor-roll?collective=%[2]s&period=2022-2023&levels=CITY_BANG_KHEN,NATIONAL_BANG_KHEN"></iframe>
<script>addEventListener("message", e => { if (e.origin === "%[1]s" && e.data?.type === "vinh-danh:height") document.getElementById("vinh-danh").style.height = e.data.height + "px"; });</script>
</body></html>`, s.url, hbtID)
			return
		}
		collective, extra, per := hbtID, "", "2022-2023"
		switch r.URL.Path {
		case "/level4":
			extra = ` heading-level="4"`
		case "/dark":
			extra = ` theme="dark"`
		case "/cut":
			extra = ` limit="2"`
		case "/badlimit":
			extra = ` limit="nhiều"`
		case "/nocollective":
			collective = ""
		case "/badperiod":
			per = "năm ngoái"
		case "/empty":
			collective = banHo
		case "/broken":
			collective = "999999"
		}
		fmt.Fprintf(w, `<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Trường Tiểu học Tô Hoàng</title>
<script type="module" src="%s/widget/honor-roll.js"></script></head>
<body><h1>Trang thông tin của trường</h1>
<vinh-danh-honor-roll collective="%s" period="%s" levels="CITY_BANG_KHEN,NATIONAL_BANG_KHEN"%s></vinh-danh-honor-roll>
</body></html>`, s.url, collective, per, extra)
	}))
	defer site.Close()
	if strings.Split(site.URL, ":")[2] == strings.Split(s.url, ":")[2] {
		t.Fatal("the embedding site must be another origin")
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.Headless,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true), chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	defer cancelTimeout()

	type rendered struct {
		Headings []string `json:"headings"`
		Names    []string `json:"names"`
		Links    []string `json:"links"`
		Text     string   `json:"text"`
		HTML     string   `json:"html"`
	}
	const inspect = `(() => {
		const root = document.querySelector('vinh-danh-honor-roll')?.shadowRoot;
		if (!root || root.querySelector('[aria-busy="true"]')) return null;
		return {
			headings: [...root.querySelectorAll('h3')].map(h => h.firstChild.textContent.trim()),
			names: [...root.querySelectorAll('li .name')].map(n => n.textContent),
			links: [...root.querySelectorAll('li a')].map(a => a.href),
			text: root.textContent,
			html: document.documentElement.outerHTML + root.innerHTML,
		};
	})()`
	show := func(url string) rendered {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
			t.Fatalf("open %s: %v", url, err)
		}
		r, err := chromedp.Run(ctx, chromedp.Poll[rendered](inspect, chromedp.WithPollingTimeout(45*time.Second)))
		if err != nil {
			t.Fatalf("render %s: %v", url, err)
		}
		return r
	}
	screenshot := func(name string) {
		t.Helper()
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		saveArtifact(t, name, shot)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatalf("start the browser: %v", err)
	}
	got := show(site.URL + "/")
	screenshot("honor-roll-phone.png")
	// Counted by the page, not the server: the browser's cache answers identical requests in
	// flight with one.
	time.Sleep(300 * time.Millisecond) // a late duplicate would have left by now
	fetched, err := chromedp.Run(ctx, chromedp.Evaluate[int](`performance.getEntriesByType("resource").filter(e => e.name.includes("/query?")).length`))
	if err != nil {
		t.Fatal(err)
	}
	if fetched != 1 {
		t.Errorf("one view sent %d GraphQL requests, want 1", fetched)
	}

	wantHeadings := []string{"Bằng khen của Tổng Liên đoàn Lao động Việt Nam", "Bằng khen của Liên đoàn Lao động Thành phố"}
	if strings.Join(got.Headings, "|") != strings.Join(wantHeadings, "|") {
		t.Errorf("levels shown: %q, want %q", got.Headings, wantHeadings)
	}
	if len(got.Names) != 12 || !contains(got.Names, "Đặng Văn Đức") || !contains(got.Names, "Công đoàn Trường Tiểu học Tô Hoàng") {
		t.Errorf("awardees shown (%d): %q", len(got.Names), got.Names)
	}
	if len(got.Links) != 12 || !strings.HasPrefix(got.Links[0], s.url+"/verify/") {
		t.Errorf("verification links: %q", got.Links)
	}
	for _, private := range []string{"1979", "0912345678", "rieng.tu@example.vn"} {
		if strings.Contains(got.HTML, private) {
			t.Errorf("private data %q reached the page", private)
		}
	}
	// For every reader: Vietnamese read as Vietnamese, new tabs announced, the host's outline
	// kept, and light text never left on the host's white.
	look := func(js string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const root = document.querySelector('vinh-danh-honor-roll').shadowRoot; `+js+` })()`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// axe-core (WCAG 2.1 AA) inside the shadow root, on a white host page: light, dark, and a
	// dark system with no theme asked.
	axe := axeSource(t)
	audit := func(variant string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](axe)); err != nil {
			t.Fatalf("load axe-core: %v", err)
		}
		found, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`axe.run(document.querySelector('vinh-danh-honor-roll'),
			{runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})
			.then(r => r.violations.map(v => v.id + ' (' + v.impact + ', ' + v.nodes.length + ')'))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("axe: %v", err)
		}
		if len(found) > 0 {
			t.Errorf("%s: axe-core finds %q", variant, found)
		}
	}
	audit("light")
	if p := look(`const p = root.querySelector('.period'); return p.textContent + ' | ' + getComputedStyle(p).whiteSpace`); p != "Năm học 2022-2023 | nowrap" {
		t.Errorf("a period reads %q, want the kind named and never broken across lines", p)
	}
	if lang := look(`return root.querySelector('section').lang`); lang != "vi" {
		t.Errorf("the roll's lang is %q, want vi", lang)
	}
	if label := look(`return root.querySelector('li a').getAttribute('aria-label')`); !strings.HasSuffix(label, "(mở trong thẻ mới)") {
		t.Errorf("a link opening a new tab says %q", label)
	}
	scheme := func(value string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
			_, err := cdp.Call(ctx, target, emulation.SetEmulatedMedia,
				emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: value}}})
			return err
		})); err != nil {
			t.Fatal(err)
		}
	}
	scheme("dark")
	show(site.URL + "/")
	screenshot("honor-roll-system-dark.png")
	audit("system dark, no theme")
	if bg := look(`return getComputedStyle(root.host).backgroundColor`); bg == "rgba(0, 0, 0, 0)" || bg == "transparent" {
		t.Errorf("on a dark system the roll keeps a transparent background (%s): light text on the host's white", bg)
	}
	scheme("light")
	show(site.URL + "/dark")
	audit("theme=dark")
	show(site.URL + "/level4")
	if tags := look(`return root.querySelector('.title').tagName + ' ' + root.querySelector('.level').tagName`); tags != "H4 H5" {
		t.Errorf("heading-level=4 gives %s, want H4 H5", tags)
	}
	// A limit that cuts the roll says so, lists every level with its count (none vanishes
	// because the one above filled the limit), and each level's Xem thêm continues its list from
	// the cursor: no award twice, none missing, no reload from the start.
	cut := show(site.URL + "/cut")
	if len(cut.Names) != 2 || !strings.Contains(cut.Text, "Đang hiển thị 2 trong 12 khen thưởng") || len(cut.Headings) != 2 ||
		!strings.Contains(cut.Text, "Xem 9 khen thưởng") {
		t.Errorf("limit=2 shows %d names, headings %q and %q", len(cut.Names), cut.Headings, cut.Text)
	}
	screenshot("honor-roll-cut.png")
	clicks := 0
	for ; clicks < 5; clicks++ {
		before := look(`return String(root.querySelectorAll('li .name').length)`)
		if look(`return String(root.querySelectorAll('.more button').length)`) == "0" {
			break
		}
		look(`root.querySelector('.more button').click(); return ""`)
		if _, err := chromedp.Run(ctx, chromedp.Poll[int](`(() => { const r = document.querySelector('vinh-danh-honor-roll').shadowRoot;
			const n = r.querySelectorAll('li .name').length; return n > `+before+` && !r.querySelector('.more button[disabled]') ? n : null; })()`,
			chromedp.WithPollingTimeout(20*time.Second))); err != nil {
			t.Fatalf("Xem thêm %d: %v", clicks+1, err)
		}
	}
	all, err := chromedp.Run(ctx, chromedp.Evaluate[rendered](inspect))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, n := range all.Names {
		seen[n] = true
	}
	if len(all.Names) != 12 || len(seen) != len(all.Names) || clicks == 0 || strings.Contains(all.Text, "Đang hiển thị 2") {
		t.Errorf("after %d Xem thêm: %d names (%d distinct): %q", clicks, len(all.Names), len(seen), all.Names)
	}
	screenshot("honor-roll-cut-then-more.png")
	for _, state := range []struct{ path, text string }{
		{"/empty", "Chưa có khen thưởng nào được công bố"},
		{"/broken", "Không có đơn vị nào mang mã “999999”"},
		{"/badlimit", "Thuộc tính limit không hợp lệ (“nhiều”)"},
		{"/nocollective", "Chưa chọn đơn vị: thiếu thuộc tính collective."},
		{"/badperiod", "Thuộc tính period không hợp lệ"},
	} {
		r := show(site.URL + state.path)
		if !strings.Contains(r.Text, state.text) || strings.Contains(r.Text, "Đang tải") {
			t.Errorf("%s shows %q, want only %q", state.path, r.Text, state.text)
		}
	}
	// The iframe page shows the same roll.
	inFrame := show(s.url + "/embed/honor-roll?collective=" + hbtID + "&period=2022-2023&levels=CITY_BANG_KHEN,NATIONAL_BANG_KHEN&theme=dark")
	screenshot("honor-roll-embed-dark.png")
	if len(inFrame.Names) != 12 {
		t.Errorf("the iframe page shows %d awardees, want 12", len(inFrame.Names))
	}
	audit("the iframe page, dark")
	if outline := look(`return document.querySelector('main > vinh-danh-honor-roll') ? root.querySelector('h1')?.textContent : ''`); outline == "" {
		t.Error("the iframe page has no main landmark around the roll, or no h1")
	}
	// Framed as the README shows, the iframe grows to the roll's height.
	if err := chromedp.Do(ctx, chromedp.Navigate(site.URL+"/framed")); err != nil {
		t.Fatal(err)
	}
	height, err := chromedp.Run(ctx, chromedp.Poll[int](`(() => { const h = document.getElementById('vinh-danh').offsetHeight; return h > 600 ? h : null; })()`,
		chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		t.Errorf("the iframe did not grow to the roll's height: %v", err)
	} else {
		t.Logf("the iframe grew to %d px", height)
	}

	// The verification page a parent opens from a certificate's QR code, on a phone: valid,
	// and for an award without a recorded decision, not valid and why.
	vctx := rule.SystemContext(context.Background())
	valid := s.db.Client.Award.Query().Where(award.RecipientName("Đặng Văn Đức")).OnlyX(vctx)
	bare := s.db.Client.Award.Query().Where(award.DecisionIDIsNil(), award.Public(true), award.RevokedAtIsNil()).FirstX(vctx)
	for _, page := range []struct {
		id              int
		file, want, not string
	}{
		{valid.ID, "verify-valid.png", "Hợp lệ", "Chưa đủ căn cứ"},
		{bare.ID, "verify-incomplete.png", "Chưa đủ căn cứ xác nhận: thiếu quyết định khen thưởng", "Hợp lệ"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.url+"/verify/"+strconv.Itoa(page.id))); err != nil {
			t.Fatal(err)
		}
		text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, page.want) || strings.Contains(text, page.not) {
			t.Errorf("verification page of %d: %q", page.id, text)
		}
		screenshot(page.file)
	}
}

// TestCompressed: the widget and the roll's JSON are gzipped for clients that accept it, and
// sent as they are to those that do not. (The embed page, 400 bytes, is below gzhttp's
// threshold: compressing it would not pay.)
func TestCompressed(t *testing.T) {
	s := newServer(t, dbtest.SQLite(t))
	roll := "/query?query=" + url.QueryEscape(`query($c: ID!) { honorRoll(collectiveID: $c) { edges { node { id recipientName } } } }`) +
		"&variables=" + url.QueryEscape(`{"c":"`+s.collectiveID(hbt)+`"}`)
	if res, err := http.Get(s.url + "/favicon.ico"); err != nil || res.StatusCode != http.StatusNoContent {
		t.Errorf("/favicon.ico: %v %v (a 404 is an error in the host page's console)", res.StatusCode, err)
	}
	// The widget: the iframe page loads this release's version, cached for a year; the plain
	// URL is revalidated by ETag.
	embed, _ := getPage(t, s.url+"/embed/honor-roll?collective="+s.collectiveID(hbt))
	versioned := regexp.MustCompile(`src="(/widget/honor-roll\.js\?v=[0-9a-f]{16})"`).FindStringSubmatch(embed)
	if versioned == nil {
		t.Fatalf("the iframe page loads no versioned widget: %s", embed)
	}
	res, err := http.Get(s.url + versioned[1])
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") || !strings.Contains(cc, "immutable") {
		t.Errorf("the versioned widget is cached %q", cc)
	}
	req, _ := http.NewRequest(http.MethodGet, s.url+"/widget/honor-roll.js", nil)
	req.Header.Set("If-None-Match", res.Header.Get("ETag"))
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusNotModified {
		t.Errorf("revalidating the widget: %v %v, want 304", res.StatusCode, err)
	}
	for _, path := range []string{"/widget/honor-roll.js", roll} {
		for _, gzip := range []bool{true, false} {
			req, _ := http.NewRequest(http.MethodGet, s.url+path, nil)
			if gzip {
				req.Header.Set("Accept-Encoding", "gzip") // set by hand: the client then leaves the body compressed
			} else {
				req.Header.Set("Accept-Encoding", "identity")
			}
			res, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if got := res.Header.Get("Content-Encoding") == "gzip"; got != gzip || res.StatusCode != http.StatusOK {
				t.Errorf("%.60s with gzip accepted %v: %d, Content-Encoding %q", path, gzip, res.StatusCode, res.Header.Get("Content-Encoding"))
			}
		}
	}
}

// axeSource is axe-core's script: AXE_CORE, or the copy .ci/run installs in .cache/axe.
func axeSource(t *testing.T) string {
	t.Helper()
	path := os.Getenv("AXE_CORE")
	if path == "" {
		path = filepath.Join("..", "..", ".cache", "axe", "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("REQUIRE_BROWSER") == "1" {
			t.Fatalf("axe-core: %v (.ci/run installs it with npm)", err)
		}
		t.Skipf("accessibility checks skipped: %v (npm install --prefix .cache/axe axe-core@4.11.0)", err)
	}
	return string(b)
}

// saveArtifact keeps a file for people to look at after the run, in TEST_ARTIFACTS or the
// repository's test-artifacts/ (ignored by git).
func saveArtifact(t *testing.T, name string, data []byte) {
	dir := os.Getenv("TEST_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "test-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Logf("artifact %s not saved: %v", name, err)
		return
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Logf("artifact %s not saved: %v", name, err)
		return
	}
	t.Logf("saved %s", path)
}
