// Package certificate prints award certificates as PDF: a Giấy khen or Bằng khen page per award
// in the layout of the paper forms (the national heading, the issuer, the title, "Tặng", the
// recipient, the citation, the decision, place and date, the signer) with a QR code to the
// award's verification page; or only the fields, at the positions a level's pre-printed blank
// has them (internal/blank). The font (DejaVu Serif, embedded and subset) covers Vietnamese.
package certificate

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strings"

	"github.com/signintech/gopdf"
	"github.com/yeqown/go-qrcode/v2"

	"vinhdanh/ent"
	"vinhdanh/internal/blank"
	"vinhdanh/internal/textfold"
)

var (
	//go:embed fonts/DejaVuSerif.ttf
	serif []byte
	//go:embed fonts/DejaVuSerif-Bold.ttf
	serifBold []byte
)

// Certificate is what one page says.
type Certificate struct {
	Issuer      string // the body that signed
	Title       string // GIẤY KHEN, BẰNG KHEN, …
	Level       string // the level's full name, under the title when it says more
	Recipient   string
	Position    string // the recipient's post and unit when the decision was signed
	Citation    string
	Decision    string // "Quyết định số 45/QĐ-LĐLĐ ngày 15/05/2024"
	PlaceDate   string // "Thanh Trì, ngày 15 tháng 5 năm 2024"
	SignerTitle string
	SignerName  string
	VerifyURL   string
	Layout      blank.Layout // where the fields go on the level's blank
}

// Of describes an award's certificate; a has its level and its decision with the issuer
// loaded.
func Of(a *ent.Award, verifyURL string) (Certificate, error) {
	c := Certificate{Recipient: a.RecipientName, Citation: a.Citation, VerifyURL: verifyURL, Layout: blank.Default}
	if l := a.Edges.Level; l != nil {
		c.Level = l.Name
		c.Title = titleOf(l.Name)
		if l.CertificateLayout != "" {
			layout, err := blank.Parse(l.CertificateLayout)
			if err != nil {
				return c, fmt.Errorf("level %d: %w", l.ID, err)
			}
			c.Layout = layout
		}
	}
	c.Position = strings.Join(nonEmpty(a.RecipientPosition, a.RecipientUnit), ", ")
	if d := a.Edges.Decision; d != nil {
		c.Decision = "Quyết định số " + d.Number
		if d.SignedOn != nil {
			c.Decision += " ngày " + d.SignedOn.Format("02/01/2006")
			c.PlaceDate = fmt.Sprintf("ngày %d tháng %d năm %d", d.SignedOn.Day(), int(d.SignedOn.Month()), d.SignedOn.Year())
		}
		c.SignerTitle, c.SignerName = strings.ToUpper(d.SignerTitle), d.SignerName
		if is := d.Edges.Issuer; is != nil {
			c.Issuer = is.Name
			if place := placeOf(is.Name); place != "" && c.PlaceDate != "" {
				c.PlaceDate = place + ", " + c.PlaceDate
			}
		}
	}
	return c, nil
}

// titleOf is the word printed large: the form of commendation the level's name starts with,
// or, for an emulation title, the certificate of it.
func titleOf(level string) string {
	folded := textfold.Fold(level)
	for _, t := range []struct{ prefix, title string }{
		{"giay khen", "GIẤY KHEN"}, {"bang khen", "BẰNG KHEN"}, {"co thi dua", "CỜ THI ĐUA"},
		{"bieu duong", "BIỂU DƯƠNG"},
	} {
		if strings.HasPrefix(folded, t.prefix) {
			return t.title
		}
	}
	return "GIẤY CHỨNG NHẬN"
}

// placeOf is the locality in an issuer's name — "Liên đoàn Lao động huyện Thanh Trì" is in
// Thanh Trì — which the date line starts with; "" when the name has none.
func placeOf(issuer string) string {
	words := strings.Fields(issuer)
	for i := len(words) - 2; i >= 0; i-- {
		switch textfold.Fold(words[i]) {
		case "quan", "huyen", "tinh", "phuong", "xa":
			return strings.Join(words[i+1:], " ")
		case "pho": // thành phố
			if i > 0 && textfold.Fold(words[i-1]) == "thanh" {
				return strings.Join(words[i+1:], " ")
			}
		}
	}
	if strings.HasSuffix(textfold.Fold(issuer), "viet nam") {
		return "Hà Nội" // the national bodies sit in the capital
	}
	return ""
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, strings.TrimSpace(s))
		}
	}
	return out
}

// Write prints the certificates, one page each: the whole certificate, or with onBlank only
// the fields, where each level's blank has them.
func Write(w io.Writer, certs []Certificate, onBlank bool) error {
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{Unit: gopdf.UnitMM, PageSize: gopdf.Rect{W: 297, H: 210}})
	pdf.SetInfo(gopdf.PdfInfo{Title: "Giấy khen, Bằng khen", Creator: "Vinh Danh"})
	if err := pdf.AddTTFFontData("serif", serif); err != nil {
		return fmt.Errorf("load font: %w", err)
	}
	if err := pdf.AddTTFFontDataWithOption("serif", serifBold, gopdf.TtfOption{Style: gopdf.Bold}); err != nil {
		return fmt.Errorf("load bold font: %w", err)
	}
	for _, c := range certs {
		var err error
		if onBlank {
			err = printFields(pdf, c)
		} else {
			err = printWhole(pdf, c)
		}
		if err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// printWhole draws the certificate as the paper forms are: a red double border, the national
// heading, the issuer, the title, the recipient, the citation, date and signer, and the QR
// code of the verification page.
func printWhole(pdf *gopdf.GoPdf, c Certificate) error {
	const pageW, pageH = 297.0, 210.0
	pdf.AddPageWithOption(gopdf.PageOption{PageSize: &gopdf.Rect{W: pageW, H: pageH}})
	pdf.SetStrokeColor(164, 22, 26)
	pdf.SetLineWidth(1.2)
	pdf.RectFromUpperLeftWithStyle(8, 8, pageW-16, pageH-16, "D")
	pdf.SetLineWidth(0.4)
	pdf.RectFromUpperLeftWithStyle(11, 11, pageW-22, pageH-22, "D")
	pdf.SetTextColor(0, 0, 0)
	lines := []struct {
		text  string
		y     float64
		size  float64
		bold  bool
		color [3]uint8
	}{
		{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 20, 13, true, [3]uint8{}},
		{"Độc lập - Tự do - Hạnh phúc", 27, 13, true, [3]uint8{}},
		{strings.ToUpper(c.Issuer), 38, 14, true, [3]uint8{}},
		{c.Title, 52, 34, true, [3]uint8{164, 22, 26}},
	}
	if c.Level != "" && !strings.EqualFold(textfold.Fold(c.Level), textfold.Fold(c.Title)) {
		lines = append(lines, struct {
			text  string
			y     float64
			size  float64
			bold  bool
			color [3]uint8
		}{c.Level, 68, 13, false, [3]uint8{}})
	}
	for _, l := range lines {
		pdf.SetTextColor(l.color[0], l.color[1], l.color[2])
		if err := text(pdf, l.text, blank.Field{X: 20, Y: l.y, Width: pageW - 40, Size: l.size, Bold: l.bold}); err != nil {
			return err
		}
	}
	pdf.SetTextColor(0, 0, 0)
	if err := text(pdf, "Tặng", blank.Field{X: 20, Y: 78, Width: pageW - 40, Size: 14}); err != nil {
		return err
	}
	pdf.SetTextColor(12, 45, 110)
	if err := text(pdf, c.Recipient, blank.Field{X: 20, Y: 87, Width: pageW - 40, Size: 24, Bold: true}); err != nil {
		return err
	}
	pdf.SetTextColor(0, 0, 0)
	fields := []struct {
		value string
		f     blank.Field
	}{
		{c.Position, blank.Field{X: 30, Y: 100, Width: pageW - 60, Size: 13}},
		{c.Citation, blank.Field{X: 40, Y: 110, Width: pageW - 80, Size: 14}},
		{c.PlaceDate, blank.Field{X: 160, Y: 142, Width: 120, Size: 13}},
		{c.SignerTitle, blank.Field{X: 160, Y: 149, Width: 120, Size: 13, Bold: true}},
		{c.SignerName, blank.Field{X: 160, Y: 182, Width: 120, Size: 14, Bold: true}},
		{c.Decision, blank.Field{X: 20, Y: 190, Width: 130, Size: 10, Align: "left"}},
	}
	for _, f := range fields {
		if err := text(pdf, f.value, f.f); err != nil {
			return err
		}
	}
	return qr(pdf, c.VerifyURL, blank.Field{X: 20, Y: 160, Width: 26})
}

// printFields prints only the values, where the level's blank has them.
func printFields(pdf *gopdf.GoPdf, c Certificate) error {
	l := c.Layout
	pdf.AddPageWithOption(gopdf.PageOption{PageSize: &gopdf.Rect{W: l.PageWidth, H: l.PageHeight}})
	pdf.SetTextColor(0, 0, 0)
	values := map[string]string{"recipient": c.Recipient, "position": c.Position, "citation": c.Citation,
		"decision": c.Decision, "placeDate": c.PlaceDate, "signerTitle": c.SignerTitle, "signerName": c.SignerName}
	for _, name := range blank.Names {
		f, ok := l.Fields[name]
		if !ok {
			continue
		}
		if name == "qr" {
			if err := qr(pdf, c.VerifyURL, f); err != nil {
				return err
			}
			continue
		}
		if err := text(pdf, values[name], f); err != nil {
			return err
		}
	}
	return nil
}

// text prints s in the field's box, wrapped to its width, one line under the other.
func text(pdf *gopdf.GoPdf, s string, f blank.Field) error {
	s = textfold.NFCOnly(strings.TrimSpace(s))
	if s == "" {
		return nil
	}
	style := ""
	if f.Bold {
		style = "B"
	}
	if err := pdf.SetFont("serif", style, f.Size); err != nil {
		return fmt.Errorf("set font: %w", err)
	}
	lines, err := pdf.SplitText(s, f.Width)
	if err != nil {
		return fmt.Errorf("wrap %q: %w", s, err)
	}
	align := gopdf.Center
	switch f.Align {
	case "left":
		align = gopdf.Left
	case "right":
		align = gopdf.Right
	}
	lineHeight := f.Size * 0.3528 * 1.35 // points to millimetres, with leading
	for i, line := range lines {
		pdf.SetXY(f.X, f.Y+float64(i)*lineHeight)
		if err := pdf.CellWithOption(&gopdf.Rect{W: f.Width, H: lineHeight}, line, gopdf.CellOption{Align: align | gopdf.Top}); err != nil {
			return fmt.Errorf("print %q: %w", line, err)
		}
	}
	return nil
}

// qr draws the QR code of url as squares, in a box f.Width wide at (f.X, f.Y).
func qr(pdf *gopdf.GoPdf, url string, f blank.Field) error {
	if url == "" {
		return nil
	}
	code, err := qrcode.NewWith(url, qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium))
	if err != nil {
		return fmt.Errorf("qr code of %s: %w", url, err)
	}
	var m matrix
	if err := code.Save(&m); err != nil {
		return fmt.Errorf("qr code of %s: %w", url, err)
	}
	n := len(m.bits)
	if n == 0 {
		return nil
	}
	module := f.Width / float64(n)
	pdf.SetFillColor(0, 0, 0)
	for y, row := range m.bits {
		for x, on := range row {
			if on {
				pdf.RectFromUpperLeftWithStyle(f.X+float64(x)*module, f.Y+float64(y)*module, module, module, "F")
			}
		}
	}
	return nil
}

// matrix receives a QR code's modules from the encoder.
type matrix struct{ bits [][]bool }

func (m *matrix) Write(mat qrcode.Matrix) error {
	m.bits = mat.Bitmap()
	return nil
}

func (m *matrix) Close() error { return nil }
