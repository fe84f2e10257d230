// Package blank describes where the fields of a certificate go on a pre-printed blank: the
// Giấy khen and Bằng khen forms federations buy have the emblem, the title and the borders
// printed, and only the recipient, citation, decision, date and signer are printed onto them.
// Blanks differ by issuer and year, so a layout is data, kept per award level.
package blank

import (
	"encoding/json"
	"fmt"
	"slices"
)

// Field is one printed field: its box on the page in millimetres from the top left corner,
// the font size in points, and its alignment in the box.
type Field struct {
	X     float64 `json:"x"`
	Y     float64 `json:"y"`
	Width float64 `json:"width"`
	Size  float64 `json:"size"`
	Align string  `json:"align,omitempty"` // left, center (the default) or right
	Bold  bool    `json:"bold,omitempty"`
}

// Layout is a blank: its page size in millimetres and where each field goes. A field that is
// not in Fields is not printed.
type Layout struct {
	PageWidth  float64          `json:"pageWidth"`
	PageHeight float64          `json:"pageHeight"`
	Fields     map[string]Field `json:"fields"`
}

// Names of the fields a layout may place.
var Names = []string{"recipient", "position", "citation", "decision", "placeDate", "signerTitle", "signerName", "qr"}

// Default is an A4 landscape blank with the usual places of the Giấy khen forms: the
// recipient under the printed "Tặng", the citation below, date and signer bottom right.
var Default = Layout{PageWidth: 297, PageHeight: 210, Fields: map[string]Field{
	"recipient":   {X: 40, Y: 88, Width: 217, Size: 24, Bold: true},
	"position":    {X: 40, Y: 101, Width: 217, Size: 13},
	"citation":    {X: 40, Y: 112, Width: 217, Size: 14},
	"decision":    {X: 20, Y: 160, Width: 120, Size: 11, Align: "left"},
	"placeDate":   {X: 160, Y: 140, Width: 120, Size: 13},
	"signerTitle": {X: 160, Y: 147, Width: 120, Size: 13, Bold: true},
	"signerName":  {X: 160, Y: 180, Width: 120, Size: 14, Bold: true},
	"qr":          {X: 20, Y: 168, Width: 25},
}}

// Parse reads a layout and checks that its fields are known and inside the page.
func Parse(s string) (Layout, error) {
	var l Layout
	if err := json.Unmarshal([]byte(s), &l); err != nil {
		return l, fmt.Errorf("a certificate layout is JSON with pageWidth, pageHeight and fields: %w", err)
	}
	if l.PageWidth < 50 || l.PageHeight < 50 || l.PageWidth > 1000 || l.PageHeight > 1000 {
		return l, fmt.Errorf("the page of a certificate layout is %gx%g mm; give pageWidth and pageHeight in millimetres", l.PageWidth, l.PageHeight)
	}
	for name, f := range l.Fields {
		switch {
		case !slices.Contains(Names, name):
			return l, fmt.Errorf("certificate layout: unknown field %q (fields: %v)", name, Names)
		case f.X < 0 || f.Y < 0 || f.Width <= 0 || f.X+f.Width > l.PageWidth || f.Y > l.PageHeight:
			return l, fmt.Errorf("certificate layout: field %q lies outside the %gx%g mm page", name, l.PageWidth, l.PageHeight)
		case name != "qr" && (f.Size < 4 || f.Size > 72):
			return l, fmt.Errorf("certificate layout: field %q has a font size of %g pt", name, f.Size)
		case f.Align != "" && f.Align != "left" && f.Align != "center" && f.Align != "right":
			return l, fmt.Errorf("certificate layout: field %q: align is left, center or right", name)
		}
	}
	return l, nil
}
