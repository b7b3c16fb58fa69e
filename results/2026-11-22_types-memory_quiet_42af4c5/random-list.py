# Writes /tmp/rand-list.resp: RPUSH rlist of 1,000,000 random 16-character base64 members (seed 5), 1000 per command.
import random
random.seed(5)
A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
out = []
for b in range(1000):
    out.append("*%d\r\n$5\r\nRPUSH\r\n$5\r\nrlist\r\n" % (2 + 1000))
    for i in range(1000):
        out.append("$16\r\n%s\r\n" % "".join(random.choice(A) for _ in range(16)))
open("/tmp/rand-list.resp", "w").write("".join(out))
