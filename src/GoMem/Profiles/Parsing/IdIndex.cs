namespace GoMem.Profiles.Parsing;

/// <summary>
/// Maps profile ids to table indexes. Writers almost always number ids 1..N in order, so that case is an array
/// lookup; anything else falls back to a dictionary.
/// </summary>
internal sealed class IdIndex(int capacity)
{
    private int[] _dense = new int[Math.Max(capacity, 1)];
    private int _denseCount;
    private Dictionary<ulong, int>? _sparse;

    public bool TryAdd(ulong id, int index)
    {
        if (_sparse is null && id == (ulong)_denseCount + 1 && _denseCount < _dense.Length)
        {
            _dense[_denseCount++] = index;
            return true;
        }

        if (_sparse is null)
        {
            _sparse = new Dictionary<ulong, int>(Math.Max(capacity, _denseCount));
            for (var i = 0; i < _denseCount; i++)
            {
                _sparse[(ulong)i + 1] = _dense[i];
            }

            _dense = [];
        }

        return _sparse.TryAdd(id, index);
    }

    public bool TryGet(ulong id, out int index)
    {
        if (_sparse is not null)
        {
            return _sparse.TryGetValue(id, out index);
        }

        if (id >= 1 && id <= (ulong)_denseCount)
        {
            index = _dense[(int)id - 1];
            return true;
        }

        index = -1;
        return false;
    }
}
