counter = 0
request = function()
  counter = counter + 1
  return wrk.format("PUT", "/keys/bench-" .. (counter % 100000), {["Content-Type"] = "text/plain"}, "value-of-fifty-bytes-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
end
