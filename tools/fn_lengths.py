import re,sys,os
# crude: find 'fn name' lines, then brace-match to end
res=[]
for root,_,files in os.walk(sys.argv[1]):
    for f in files:
        if not f.endswith('.rs'): continue
        p=os.path.join(root,f); lines=open(p).read().split('\n')
        in_test=False
        i=0
        while i<len(lines):
            l=lines[i]
            if re.match(r'\s*#\[cfg\(test\)\]',l): in_test=True
            m=re.match(r'\s*(pub(\([a-z]+\))?\s+)?(async\s+)?(const\s+)?fn\s+(\w+)',l)
            if m and not (f=='tests.rs' or in_test):
                depth=0; started=False; j=i
                while j<len(lines):
                    s=re.sub(r'"(\\.|[^"\\])*"','""',lines[j]); s=re.sub(r"'(\\.|[^'\\])'","''",s); s=s.split('//')[0]
                    depth+=s.count('{')-s.count('}')
                    if '{' in s: started=True
                    if started and depth<=0: break
                    if not started and ';' in s: break
                    j+=1
                n=j-i+1
                res.append((n,p,i+1,m.group(5)))
            i+=1
res.sort(reverse=True)
for r in res:
    if r[0]>=int(sys.argv[2] if len(sys.argv)>2 else 80): print(*r)
