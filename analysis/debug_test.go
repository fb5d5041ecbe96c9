package analysis

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/icp-dev/icp/dataset"
)

func TestDebugPrint(t *testing.T) {
	path := os.Getenv("ICP_DEBUG")
	if path == "" {
		t.Skip()
	}
	tab, err := dataset.Load(path, dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	roles, _, _ := DetectRoles(tab, Roles{LTV: os.Getenv("ICP_LTV")}, false)
	res, err := Derive(context.Background(), tab, Options{Roles: roles, Seed: 27, Resamples: -1})
	if err != nil {
		t.Fatal(err)
	}
	if s := res.Segment; s != nil {
		fmt.Printf("segment %s n=%d b=%d rate=%.3f lift=%.2f\n", s.Display, s.N, s.B, s.Rate, s.Lift)
		for _, p := range s.Adds {
			fmt.Printf("  part %s without: n=%d rate=%.3f rr=%.2f\n", p.Part.Display, p.WithoutN, p.WithoutRate, p.RateRatio)
		}
	}
	for i, c := range res.Criteria {
		fmt.Printf("crit %s pts=%d lift=%.2f q=%.3g\n", c.Display, res.Points[i], c.Lift, c.QUp)
	}
	for i, c := range res.NegativeTraits {
		fmt.Printf("neg %s pts=%d lift=%.2f churnlift=%.2f pchurn=%.3g\n", c.Display, res.NegativePoints[i], c.Lift, c.ChurnLift, c.PChurn)
	}
	for _, c := range res.Disqualifiers {
		fmt.Printf("disq %s lift=%.2f churnlift=%.2f\n", c.Display, c.Lift, c.ChurnLift)
	}
	for _, r := range res.Tiers {
		fmt.Printf("tier %s seg=%v min=%d n=%d rate=%.3f\n", r.Tier, r.Segment, r.MinScore, r.N, r.Rate)
	}
	fmt.Println(res.Notes, res.Warnings)
	for _, c := range res.Conditions {
		if c.QUp < 0.05 || c.QLow < 0.05 {
			fmt.Printf("cond %s p=%.3g padj=%.3g q=%.3g plow=%.3g qlow=%.3g\n", c.Display, c.PUp, c.PUpAdj, c.QUp, c.PLow, c.QLow)
		}
	}
	for _, at := range res.AttributeTests {
		fmt.Printf("attr %s tests=%d m_up=%.1f m_low=%.1f pover=%.3g qover=%.3g\n", at.Column, at.Tests, at.SearchUp, at.SearchLow, at.POver, at.QOver)
	}
}
