package quality

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/icp-dev/icp/dataset"
)

// Model is a fitted baseline: a logistic regression of the label on features made
// from the attribute columns of a training table (see Fit). Its score for a row is
// the log-odds Intercept + Σ Weight·x over Features, where x is the row's raw
// feature value (0 or 1 for an indicator; see Feature).
type Model struct {
	// Intercept is the log-odds of a row whose raw features are all 0.
	Intercept float64
	// Features are the model's features, column by column in the order given to
	// Fit; within a categorical or list column, levels in the table's level order,
	// then the missing indicator.
	Features []Feature
	// Columns are the columns the model uses, as named to Fit.
	Columns []string
	// Skipped are the columns named to Fit that contribute nothing: read as Text or
	// Empty, or with no feature that varies.
	Skipped []string
	// Iterations is the number of Newton steps the fit took.
	Iterations int

	cols []colCode
}

// Feature is one input of the model.
type Feature struct {
	// Column is the column's name as given to Fit.
	Column string
	// Level is, for an indicator of a categorical level or of a list item, the
	// level's folded value (as in dataset.Column.Levels); "" for a number or a
	// missing indicator.
	Level string
	// Missing marks the indicator of a missing value.
	Missing bool
	// Weight is the change in log-odds per unit of the raw feature: per level or item
	// present or value missing (indicators), per unit of sign(x)·log(1+|x|) for a
	// numeric column, of x for a Boolean (0/1) or Date (days) column. A missing
	// number counts as 0 (then its missing indicator carries the difference).
	Weight float64
	// SD is the standard deviation of the raw feature in the training rows: the
	// penalised weight was Weight·SD, so Weight·SD compares features' strength.
	SD float64
}

// colCode turns one column into features.
type colCode struct {
	name    string
	numeric bool           // Numeric, Boolean or Date (else Categorical or Multi)
	logged  bool           // numeric value transformed by signed log1p
	value   int            // feature of the number; -1 if none
	missing int            // feature of the missing indicator; -1 if none
	levels  map[string]int // folded level → feature (categorical)
}

// penalty is the L2 penalty's strength on the standardised weights: 1/C with C = 1
// (scikit-learn's default LogisticRegression).
const penalty = 1.0

// Fit trains the baseline on train: an L2-penalised logistic regression of labels
// (one per row of train) on the named columns, like scikit-learn's default
// LogisticRegression (C = 1) after one-hot encoding and standardising. The
// objective, minimised exactly by Newton's method with a backtracking line search,
// is
//
//	Σ_rows log-loss(label, b + Σ_j w_j·z_j) + ½·Σ_j w_j²
//
// where the z_j are the standardised features (mean 0, standard deviation 1 over the
// training rows) and the intercept b is not penalised. Features per column:
//
//   - Categorical: one indicator per level, plus one for a missing value.
//   - Multi (lists): one indicator per item, plus one for a blank cell.
//   - Numeric: sign(x)·log(1+|x|), 0 when missing, plus a missing indicator.
//   - Boolean and Date: the value (0/1, days), 0 when missing, plus a missing
//     indicator.
//   - Text and Empty: nothing (the column is listed in Model.Skipped).
//
// Features constant over the training rows are left out. The weights are then
// expressed on the raw features (Feature.Weight), so that scoring needs no
// standardisation and a level the training rows lacked contributes 0.
//
// Columns are looked up with Table.Column (exact name, then by HeaderKey); naming
// a column train lacks is an error, and so are labels all alike. The fit is
// deterministic.
func Fit(train *dataset.Table, labels []bool, columns []string) (*Model, error) {
	if len(labels) != train.Rows {
		return nil, fmt.Errorf("quality: %d labels for %d rows", len(labels), train.Rows)
	}
	pos := 0
	for _, l := range labels {
		if l {
			pos++
		}
	}
	if pos == 0 || pos == len(labels) {
		return nil, errors.New("quality: the labels need both classes")
	}
	m := &Model{}
	seen := map[*dataset.Column]bool{}
	for _, name := range columns {
		c := train.Column(name)
		if c == nil {
			return nil, fmt.Errorf("quality: no column %q in %s", name, train.Path)
		}
		if seen[c] {
			continue // named twice
		}
		seen[c] = true
		cc := colCode{name: name, value: -1, missing: -1}
		switch c.Kind {
		case dataset.Numeric, dataset.Boolean, dataset.Date:
			cc.numeric = true
			cc.logged = c.Kind == dataset.Numeric
			cc.value = m.addFeature(Feature{Column: name})
			cc.missing = m.addFeature(Feature{Column: name, Missing: true})
		case dataset.Categorical, dataset.Multi:
			cc.levels = map[string]int{}
			for _, l := range c.Levels {
				if _, dup := cc.levels[l]; !dup {
					cc.levels[l] = m.addFeature(Feature{Column: name, Level: l})
				}
			}
			cc.missing = m.addFeature(Feature{Column: name, Missing: true})
		default:
			m.Skipped = append(m.Skipped, name)
			continue
		}
		m.cols = append(m.cols, cc)
	}

	x, err := m.design(train)
	if err != nil {
		return nil, err
	}
	keep := m.dropConstant(x)
	if len(keep) == 0 {
		return nil, errors.New("quality: no feature varies over the training rows")
	}
	y := make([]float64, len(labels))
	for i, l := range labels {
		if l {
			y[i] = 1
		}
	}
	w, b, iters, err := newton(x, y, keep, m.Features)
	if err != nil {
		return nil, err
	}
	m.Iterations = iters
	m.Intercept = b
	for k, j := range keep {
		m.Features[j].Weight = w[k]
	}
	m.compact(keep)
	return m, nil
}

func (m *Model) addFeature(f Feature) int {
	m.Features = append(m.Features, f)
	return len(m.Features) - 1
}

// sparse is a row-major sparse design matrix of raw features.
type sparse struct {
	rows int
	off  []int // row i's entries are idx/val[off[i]:off[i+1]]
	idx  []int32
	val  []float64
}

// design builds the raw features of t's rows.
func (m *Model) design(t *dataset.Table) (*sparse, error) {
	type src struct {
		cc  *colCode
		col *dataset.Column
		lv  []int // t's level code → feature, -1 unseen (categorical)
	}
	srcs := make([]src, 0, len(m.cols))
	for k := range m.cols {
		cc := &m.cols[k]
		col := t.Column(cc.name)
		if col == nil {
			return nil, fmt.Errorf("quality: no column %q in %s", cc.name, t.Path)
		}
		s := src{cc: cc, col: col}
		switch col.Kind {
		case dataset.Numeric, dataset.Boolean, dataset.Date:
			if !cc.numeric {
				return nil, fmt.Errorf("quality: column %q of %s is %v, the model's is categorical", cc.name, t.Path, col.Kind)
			}
		case dataset.Categorical, dataset.Multi:
			if cc.numeric {
				return nil, fmt.Errorf("quality: column %q of %s is %v, the model's is numeric", cc.name, t.Path, col.Kind)
			}
			s.lv = make([]int, len(col.Levels))
			for i, l := range col.Levels {
				f, ok := cc.levels[l]
				if !ok {
					f = -1
				}
				s.lv[i] = f
			}
		default:
			return nil, fmt.Errorf("quality: column %q of %s is %v: no values to score", cc.name, t.Path, col.Kind)
		}
		srcs = append(srcs, s)
	}
	x := &sparse{rows: t.Rows, off: make([]int, t.Rows+1)}
	for i := 0; i < t.Rows; i++ {
		for _, s := range srcs {
			add := func(f int, v float64) {
				if f >= 0 && v != 0 {
					x.idx = append(x.idx, int32(f))
					x.val = append(x.val, v)
				}
			}
			c, cc := s.col, s.cc
			switch c.Kind {
			case dataset.Numeric, dataset.Boolean, dataset.Date:
				v := c.Num[i]
				switch {
				case math.IsNaN(v):
					add(cc.missing, 1)
				case cc.logged:
					add(cc.value, math.Copysign(math.Log1p(math.Abs(v)), v))
				default:
					add(cc.value, v)
				}
			case dataset.Categorical:
				if code := c.Codes[i]; code == dataset.Missing {
					add(cc.missing, 1)
				} else {
					add(s.lv[code], 1)
				}
			case dataset.Multi:
				items := c.ItemCodes[c.ItemOffsets[i]:c.ItemOffsets[i+1]]
				if len(items) == 0 && c.MultiMissing != nil && c.MultiMissing[i] {
					add(cc.missing, 1)
				}
				for _, code := range items {
					add(s.lv[code], 1)
				}
			}
		}
		x.off[i+1] = len(x.idx)
	}
	return x, nil
}

// dropConstant sets each feature's SD over x's rows and returns the features that
// vary, in order.
func (m *Model) dropConstant(x *sparse) []int {
	p := len(m.Features)
	sum, sq := make([]float64, p), make([]float64, p)
	for k, j := range x.idx {
		v := x.val[k]
		sum[j] += v
		sq[j] += v * v
	}
	n := float64(x.rows)
	var keep []int
	for j := range m.Features {
		mean := sum[j] / n
		v := max(sq[j]/n-mean*mean, 0)
		m.Features[j].SD = math.Sqrt(v)
		if v > 1e-12*max(1, sq[j]/n) {
			keep = append(keep, j)
		}
	}
	return keep
}

// compact drops the features not in keep and renumbers the column codes.
func (m *Model) compact(keep []int) {
	renum := make([]int, len(m.Features))
	for j := range renum {
		renum[j] = -1
	}
	feats := make([]Feature, 0, len(keep))
	for k, j := range keep {
		renum[j] = k
		feats = append(feats, m.Features[j])
	}
	m.Features = feats
	r := func(f int) int {
		if f < 0 {
			return -1
		}
		return renum[f]
	}
	var cols []colCode
	for _, cc := range m.cols {
		cc.value, cc.missing = r(cc.value), r(cc.missing)
		varies := cc.value >= 0 || cc.missing >= 0
		for l, f := range cc.levels {
			if f = r(f); f >= 0 {
				cc.levels[l] = f
				varies = true
			} else {
				delete(cc.levels, l)
			}
		}
		if !varies {
			m.Skipped = append(m.Skipped, cc.name)
			continue
		}
		m.Columns = append(m.Columns, cc.name)
		cols = append(cols, cc)
	}
	m.cols = cols
}

// Score returns the model's log-odds for each row of t, which must have the model's
// columns (looked up like Fit does) with values of the same sort: numbers (Numeric,
// Boolean or Date) where the model had numbers, categories or lists where it had
// categories or lists. Levels are matched by their folded value, whatever their
// order in t; a level or item the training rows lacked contributes 0.
func (m *Model) Score(t *dataset.Table) ([]float64, error) {
	x, err := m.design(t)
	if err != nil {
		return nil, err
	}
	out := make([]float64, t.Rows)
	for i := range out {
		s := m.Intercept
		for k := x.off[i]; k < x.off[i+1]; k++ {
			s += m.Features[x.idx[k]].Weight * x.val[k]
		}
		out[i] = s
	}
	return out, nil
}

// newton minimises the penalised log-loss over the features keep of x (standardised
// inside) and returns the raw weights of keep's features, the raw intercept and the
// number of Newton steps.
func newton(x *sparse, y []float64, keep []int, feats []Feature) (w []float64, b float64, iters int, err error) {
	p := len(keep)
	pos := make([]int, len(feats)) // feature → position in keep, -1 if dropped
	for j := range pos {
		pos[j] = -1
	}
	for k, j := range keep {
		pos[j] = k
	}
	n := float64(x.rows)
	mean, sd := make([]float64, p), make([]float64, p)
	for k, j := range keep {
		sd[k] = feats[j].SD
	}
	for e, j := range x.idx {
		if k := pos[j]; k >= 0 {
			mean[k] += x.val[e]
		}
	}
	for k := range mean {
		mean[k] /= n
	}

	// Parameters on the standardised scale: theta[0] intercept, theta[1+k] weights.
	theta := make([]float64, p+1)
	eta := make([]float64, x.rows)
	linear := func(th []float64, eta []float64) {
		b0 := th[0]
		for k := range p {
			b0 -= th[1+k] * mean[k] / sd[k]
		}
		for i := range eta {
			s := b0
			for e := x.off[i]; e < x.off[i+1]; e++ {
				if k := pos[x.idx[e]]; k >= 0 {
					s += th[1+k] / sd[k] * x.val[e]
				}
			}
			eta[i] = s
		}
	}
	objective := func(th, eta []float64) float64 {
		var f float64
		for i, v := range eta {
			f += logLoss(v, y[i])
		}
		for _, t := range th[1:] {
			f += 0.5 * penalty * t * t
		}
		return f
	}

	dim := p + 1
	hess := mat.NewSymDense(dim, nil)
	grad := mat.NewVecDense(dim, nil)
	step := mat.NewVecDense(dim, nil)
	var chol mat.Cholesky
	a := make([]float64, dim*dim) // Σ w·x̃x̃ᵀ on raw features (x̃ = (1, x))
	v := make([]float64, p)       // Σ w·x
	r := make([]float64, p)       // Σ (p−y)·x
	trial := make([]float64, dim)
	trialEta := make([]float64, x.rows)

	linear(theta, eta)
	f := objective(theta, eta)
	const maxIter = 100
	for iters = 1; iters <= maxIter; iters++ {
		clear(a)
		clear(v)
		clear(r)
		var sw, sr float64
		ks := make([]int, 0, 64)
		vs := make([]float64, 0, 64)
		for i := range eta {
			pr := 1 / (1 + math.Exp(-eta[i]))
			wt := pr * (1 - pr)
			res := pr - y[i]
			sw += wt
			sr += res
			ks, vs = ks[:0], vs[:0]
			for e := x.off[i]; e < x.off[i+1]; e++ {
				if k := pos[x.idx[e]]; k >= 0 {
					ks = append(ks, k)
					vs = append(vs, x.val[e])
				}
			}
			for u, k := range ks {
				v[k] += wt * vs[u]
				r[k] += res * vs[u]
				row := (1 + k) * dim
				for t, l := range ks {
					a[row+1+l] += wt * vs[u] * vs[t]
				}
			}
		}
		// Standardised gradient and Hessian from the raw sums.
		grad.SetVec(0, sr)
		hess.SetSym(0, 0, sw)
		for k := range p {
			grad.SetVec(1+k, (r[k]-mean[k]*sr)/sd[k]+penalty*theta[1+k])
			hess.SetSym(0, 1+k, (v[k]-mean[k]*sw)/sd[k])
			for l := k; l < p; l++ {
				c := a[(1+k)*dim+1+l] - mean[k]*v[l] - mean[l]*v[k] + mean[k]*mean[l]*sw
				c /= sd[k] * sd[l]
				if l == k {
					c += penalty
				}
				hess.SetSym(1+k, 1+l, c)
			}
		}
		if !chol.Factorize(hess) {
			return nil, 0, iters, errors.New("quality: the Hessian is not positive definite")
		}
		if err := chol.SolveVecTo(step, grad); err != nil {
			return nil, 0, iters, fmt.Errorf("quality: Newton step: %w", err)
		}
		dec := mat.Dot(grad, step) // Newton decrement²: predicted decrease ×2
		if dec < 1e-10*max(1, f) {
			// Converged to within the quadratic regime: one last full step squares
			// the remaining error.
			for k := range theta {
				theta[k] -= step.AtVec(k)
			}
			break
		}
		// Backtracking line search along −step.
		t := 1.0
		for {
			for k := range trial {
				trial[k] = theta[k] - t*step.AtVec(k)
			}
			linear(trial, trialEta)
			ft := objective(trial, trialEta)
			if ft <= f-1e-4*t*dec {
				copy(theta, trial)
				eta, trialEta = trialEta, eta
				f = ft
				break
			}
			if t *= 0.5; t < 1e-10 {
				return nil, 0, iters, errors.New("quality: the line search failed")
			}
		}
	}
	iters = min(iters, maxIter)
	w = make([]float64, p)
	b = theta[0]
	for k := range p {
		w[k] = theta[1+k] / sd[k]
		b -= theta[1+k] * mean[k] / sd[k]
	}
	return w, b, iters, nil
}

// logLoss is −log P(y | logit η) for y in {0, 1}, computed stably.
func logLoss(eta, y float64) float64 {
	// log(1+e^η) − y·η
	var sp float64
	if eta > 0 {
		sp = eta + math.Log1p(math.Exp(-eta))
	} else {
		sp = math.Log1p(math.Exp(eta))
	}
	return sp - y*eta
}
