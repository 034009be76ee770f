-- wrk script: each request takes the next search path of the file named by SCOUT_LOAD_PATHS
-- (one path a line), each thread starting at its own place in the list.
local paths = {}
for line in io.lines(os.getenv("SCOUT_LOAD_PATHS")) do
  paths[#paths + 1] = line
end
local next_path = 0

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
  next_path = math.random(#paths)
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end
