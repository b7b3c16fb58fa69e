counter = -1
request = function()
  counter = counter + 1
  return wrk.format("PUT", "/keys/k" .. (counter % 10000), {["Content-Type"] = "application/octet-stream"}, string.rep("v", 50))
end
