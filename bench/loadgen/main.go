// Command loadgen sends the answers arm's open-loop load (bench/arm_answers.py) from compiled
// code: on this 2-core machine the phones' client shares the cores with the service it
// measures, and the Python client cost as much CPU per request as a fifth of the service's.
//
// It reads one JSON plan on stdin (the phones with their state, the rate, the duration) and
// writes one JSON result on stdout: each answered request's latency from its due time, the
// statuses, the first saves answered 200, and each phone's state to carry into the next round.
// Request i is due at start + i/rate and belongs to phone i mod phones; it carries one answer
// record (a fresh answer id, the phone's next sequence and question, a choice), except that a
// retrying phone re-sends its previous body on every second turn (which must apply nothing
// twice). Each phone is its own HTTP/1.1 client with up to 8 keep-alive connections.
package main

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	mrand "math/rand"
	"net/http"
	"os"
	"sync"
	"time"
)

type Question struct {
	ID      string `json:"id"`
	Options int    `json:"options"`
}

type Phone struct {
	URL       string          `json:"url"`
	Auth      string          `json:"auth"`
	Questions []Question      `json:"questions"`
	Retrying  bool            `json:"retrying"`
	Seq       int             `json:"seq"`
	Turns     int             `json:"turns"`
	Last      json.RawMessage `json:"last"`
	Seed      int64           `json:"seed"`
	rng       *mrand.Rand
	client    *http.Client
}

type Plan struct {
	Phones  []*Phone `json:"phones"`
	Rate    float64  `json:"rate"`
	Seconds float64  `json:"seconds"`
}

type PhoneState struct {
	Seq   int             `json:"seq"`
	Turns int             `json:"turns"`
	Last  json.RawMessage `json:"last"`
	Seed  int64           `json:"seed"`
}

type Result struct {
	Requests   int            `json:"requests"`
	Elapsed    float64        `json:"elapsed_s"`
	Latencies  []float64      `json:"latencies_s"`
	Statuses   map[string]int `json:"statuses"`
	FirstSaves int            `json:"first_saves"`
	Errors     []string       `json:"first_errors"`
	Phones     []PhoneState   `json:"phones"`
}

type answer struct {
	AnswerID   string `json:"answer_id"`
	QuestionID string `json:"question_id"`
	Seq        int    `json:"seq"`
	ElapsedMs  int    `json:"elapsed_ms"`
	Choice     int    `json:"choice"`
}

type batch struct {
	WrittenThrough int      `json:"written_through"`
	Answers        []answer `json:"answers"`
}

func uuid4() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// next is the phone's next body, and whether it re-sends the previous one.
func (p *Phone) next() ([]byte, bool) {
	p.Turns++
	if p.Retrying && len(p.Last) > 0 && string(p.Last) != "null" && p.Turns%2 == 0 {
		return p.Last, true
	}
	p.Seq++
	q := p.Questions[p.Seq%len(p.Questions)]
	body, err := json.Marshal(batch{p.Seq, []answer{{uuid4(), q.ID, p.Seq, 1000 * p.Seq,
		p.rng.Intn(q.Options)}}})
	if err != nil {
		panic(err)
	}
	p.Last = body
	return body, false
}

func main() {
	var plan Plan
	if err := json.NewDecoder(os.Stdin).Decode(&plan); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen: bad plan:", err)
		os.Exit(2)
	}
	for _, p := range plan.Phones {
		p.rng = mrand.New(mrand.NewSource(p.Seed))
		p.client = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
			MaxConnsPerHost: 8, MaxIdleConnsPerHost: 8, IdleConnTimeout: 4 * time.Second,
			DisableCompression: true}}
	}
	n := int(plan.Rate * plan.Seconds)
	result := Result{Requests: n, Statuses: map[string]int{}, Latencies: make([]float64, 0, n)}
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now().Add(50 * time.Millisecond)
	for i := 0; i < n; i++ {
		due := start.Add(time.Duration(float64(i) / plan.Rate * float64(time.Second)))
		if wait := time.Until(due); wait > 0 {
			time.Sleep(wait)
		}
		phone := plan.Phones[i%len(plan.Phones)]
		body, retry := phone.next()
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, text, err := send(phone, body)
			took := time.Since(due).Seconds()
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				result.Statuses["error"]++
				if len(result.Errors) < 5 {
					result.Errors = append(result.Errors, err.Error())
				}
				return
			}
			result.Statuses[fmt.Sprint(status)]++
			if status != 200 {
				if len(result.Errors) < 5 {
					result.Errors = append(result.Errors, fmt.Sprintf("%d %.300s", status, text))
				}
				return
			}
			result.Latencies = append(result.Latencies, took)
			if !retry {
				result.FirstSaves++
			}
		}()
	}
	wg.Wait()
	result.Elapsed = time.Since(start).Seconds()
	for _, p := range plan.Phones {
		result.Phones = append(result.Phones, PhoneState{p.Seq, p.Turns, p.Last, p.rng.Int63()})
	}
	if err := json.NewEncoder(os.Stdout).Encode(result); err != nil {
		panic(err)
	}
}

func send(p *Phone, body []byte) (int, []byte, error) {
	req, err := http.NewRequest("POST", p.URL, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if p.Auth != "" {
		req.Header.Set("Authorization", p.Auth)
	}
	resp, err := p.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	text, err := io.ReadAll(resp.Body)
	return resp.StatusCode, text, err
}
