"""Chinese name-substring and credit-code-prefix searches, one after another, each term
new to the server (so no remembered total helps). Prints p50/p95/max in milliseconds.
Usage: python3 bench/search.py BASE_URL SESSION_TOKEN [FILTERS]
FILTERS are more query parameters for every search, e.g. "industry=industry&eligible=false"."""
import sys
import time
import urllib.parse
import urllib.request

base, token = sys.argv[1], sys.argv[2]
filters = sys.argv[3] if len(sys.argv) > 3 else ""
terms = ["湘江", "华泰", "鑫达", "恒信", "宏远", "天成", "瑞丰", "金石", "永盛", "新源", "博雅", "联创",
         "中科", "润泽", "嘉禾", "盛世", "佳和", "众诚", "德胜", "安泰", "机械", "电子", "食品", "软件",
         "贸易", "物流", "酒店", "餐饮", "物业", "建设", "精密铸造", "塑胶", "电气", "新材料", "百货", "超市",
         "仓储", "快递", "通信", "农业", "9143010", "9143020", "91430300", "914304", "12345号", "99999号",
         "不存在的名字"]
latencies = []
for term in terms:
    url = base + "/enterprises?" + urllib.parse.urlencode({"q": term}) + ("&" + filters if filters else "")
    request = urllib.request.Request(url, headers={"Cookie": "uplift_session=" + token})
    start = time.perf_counter()
    urllib.request.urlopen(request).read()
    latencies.append((time.perf_counter() - start) * 1000)
latencies.sort()
p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
print(f"search {filters or 'alone'} n={len(latencies)} p50={latencies[len(latencies) // 2]:.0f}ms p95={p95:.0f}ms max={latencies[-1]:.0f}ms")
