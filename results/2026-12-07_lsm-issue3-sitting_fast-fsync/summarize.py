import re,sys,statistics as st
for f in sys.argv[1:]:
    rows={}
    for line in open(f):
        m=re.match(r'round (\d+) (\S+): \| panamax \| fillrandom \| (\d+) .*?\((\d+) us each\)',line)
        if m: rows.setdefault(int(m.group(1)),{})[m.group(2)]=(int(m.group(3)),int(m.group(4)))
    print("==",f)
    ratios={'t16/t1':[],'t16/t16-off':[],'t16/t16-off-park':[]}
    for r,d in sorted(rows.items()):
        s=f"round {r}: "+" ".join(f"{k}={v[0]}({v[1]}us)" for k,v in d.items())
        for k in ratios:
            a,b=k.split('/')
            if a in d and b in d: ratios[k].append(d[a][0]/d[b][0]); s+=f" {k}={d[a][0]/d[b][0]:.1f}x"
        print(s)
    meds={k:st.median([d[k][0] for d in rows.values() if k in d]) for k in ['t1','t16','t16-off','t16-off-park'] if any(k in d for d in rows.values())}
    print("medians:",meds)
    for k,v in ratios.items():
        if v: print(f"{k}: median of per-round ratios {st.median(v):.2f}x, min {min(v):.2f}x, max {max(v):.2f}x, ratio of medians {meds[k.split('/')[0]]/meds[k.split('/')[1]]:.2f}x")
